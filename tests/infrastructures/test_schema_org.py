"""Every public page describes itself in schema.org JSON-LD, in the page's language, and every node of
that description holds what schema.org and Google's structured data documentation ask of its type.

The checker (`problems`) walks every node of a JSON-LD document: its type must be one of VOCABULARY
(a typo fails), each property one that schema.org gives that type, the properties of REQUIRED
present, no value empty anywhere, every address absolute, the page's own inLanguage its language.
"""

import html
import json
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from infrastructures.models import Equipment, Infrastructure

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TITLE = re.compile(r"<title>(.*?) · [^<]*</title>", re.S)
SITE = "http://testserver"

# The types the catalogue uses, each with the type it is a kind of (whose properties it inherits) and
# the properties schema.org gives it (https://schema.org/<Type>, release 30.0): those the pages use,
# and for the open-data page those of Google's Dataset documentation. A property not listed fails;
# before adding one, check that schema.org gives it to the type.
VOCABULARY = {
    "Thing": (
        None,
        """name alternateName description url sameAs identifier additionalType image owner
        mainEntityOfPage potentialAction subjectOf""",
    ),
    "CreativeWork": (
        "Thing",
        """about mainEntity inLanguage isPartOf hasPart keywords license creator publisher funder
        dateCreated dateModified datePublished version spatialCoverage temporalCoverage
        isAccessibleForFree citation encodingFormat""",
    ),
    "WebSite": ("CreativeWork", ""),
    "WebPage": ("CreativeWork", "breadcrumb lastReviewed relatedLink significantLink"),
    "ItemPage": ("WebPage", ""),
    "ContactPage": ("WebPage", ""),
    "AboutPage": ("WebPage", ""),
    "CollectionPage": ("WebPage", ""),
    "SearchResultsPage": ("WebPage", ""),
    "Action": ("Thing", "target object result"),
    # query-input: the input annotation of SearchAction's query (schema.org's Actions overview).
    "SearchAction": ("Action", "query query-input"),
    "Intangible": ("Thing", ""),
    "EntryPoint": ("Intangible", "urlTemplate encodingType contentType httpMethod"),
    "ItemList": ("Intangible", "itemListElement numberOfItems itemListOrder"),
    "ListItem": ("Intangible", "position item nextItem previousItem"),
    "Place": (
        "Thing",
        """address geo containedInPlace containsPlace keywords telephone faxNumber publicAccess
        isAccessibleForFree hasMap latitude longitude amenityFeature openingHoursSpecification photo logo""",
    ),
    "AdministrativeArea": ("Place", ""),
    "Country": ("AdministrativeArea", ""),
    "StructuredValue": ("Intangible", ""),
    "ContactPoint": ("StructuredValue", "email telephone contactType availableLanguage"),
    "PostalAddress": (
        "ContactPoint",
        "streetAddress postalCode addressLocality addressRegion addressCountry",
    ),
    "GeoCoordinates": ("StructuredValue", "latitude longitude elevation"),
    "PropertyValue": ("StructuredValue", "propertyID value unitCode unitText"),
    "Organization": (
        "Thing",
        """parentOrganization subOrganization member memberOf owns address email telephone location
        legalName logo contactPoint keywords areaServed""",
    ),
    "Person": ("Thing", "email telephone affiliation worksFor"),
    # DefinedTerm and DefinedTermSet are in schema.org's pending area (https://pending.schema.org).
    "DefinedTerm": ("Intangible", "inDefinedTermSet termCode"),
    "DefinedTermSet": ("CreativeWork", "hasDefinedTerm"),
    "Product": ("Thing", "manufacturer model brand category mpn productID keywords"),
    "Dataset": ("CreativeWork", "distribution includedInDataCatalog variableMeasured"),
    "DataCatalog": ("CreativeWork", "dataset"),
    "MediaObject": ("CreativeWork", "contentUrl contentSize uploadDate"),
    "DataDownload": ("MediaObject", ""),
}
PAGE_TYPES = {"WebPage", "ItemPage", "ContactPage", "AboutPage", "CollectionPage", "SearchResultsPage"}
LANGUAGES = {"en", "nl"}

_PAGE = ("name", "url", "inLanguage", "isPartOf")  # every page: title, address, language, the site
# What each type must hold: schema.org requires nothing, so this follows Google's structured data
# documentation (required properties of the sitelinks search box, carousel, Dataset) and, where it
# says nothing, what makes the node identifiable: a name, and an address where the catalogue has one.
# A tuple is a choice: one of them.
REQUIRED = {
    "WebSite": ("name", "url"),
    "WebPage": _PAGE,
    "ItemPage": _PAGE,
    "ContactPage": _PAGE,
    "AboutPage": _PAGE,
    "CollectionPage": _PAGE,
    "SearchResultsPage": _PAGE,
    "SearchAction": ("target", "query-input"),
    "EntryPoint": ("urlTemplate",),
    "ItemList": ("itemListElement",),
    "ListItem": ("position", ("url", "item")),
    "Place": ("name", "url"),
    "AdministrativeArea": ("name",),
    "Country": ("name",),
    "PostalAddress": ("addressCountry",),
    "GeoCoordinates": ("latitude", "longitude"),
    "PropertyValue": ("propertyID", "value"),
    "Organization": ("name", "url"),
    "Person": ("name",),
    "DefinedTerm": ("name", "inDefinedTermSet"),
    "DefinedTermSet": ("name",),
    "Product": ("name",),
    "Dataset": ("name", "description", "license"),
    "DataCatalog": ("name",),
    "DataDownload": ("contentUrl", "encodingFormat"),
}
# Where a node is known by its name only: an equipment item's manufacturer has no page or address.
NAMED_ONLY = {"manufacturer": ("name",)}
# Properties whose values are addresses (a value may also be a node, e.g. a license as CreativeWork).
ADDRESSES = {"@id", "url", "sameAs", "contentUrl", "urlTemplate", "license", "item", "target"}


def properties_of(kind):
    allowed = set()
    while kind:
        kind, own = VOCABULARY[kind]
        allowed |= set(own.split())
    return allowed


def problems(document, language):
    """What is wrong with a JSON-LD document of a page in `language`, as sentences naming the node."""
    found = []
    if not isinstance(document, dict) or document.get("@context") != "https://schema.org":
        found.append("$: @context is not https://schema.org")
    _walk(document, "$", language, found)
    return found


def _walk(value, path, language, found):
    if isinstance(value, list):
        if not value:
            found.append(f"{path}: empty list")
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", language, found)
    elif isinstance(value, dict):
        _check_node(value, path, language, found)
        for key, item in value.items():
            if key != "@context":
                _walk(item, f"{path}.{key}", language, found)
    elif value is None or (isinstance(value, str) and not value.strip()):
        found.append(f"{path}: empty value")


def _check_node(node, path, language, found):
    kind = node.get("@type")
    held_by = re.sub(r"\[\d+\]$", "", path).rpartition(".")[2]  # the property whose value it is
    if kind not in VOCABULARY:
        found.append(f"{path}: unknown type {kind!r}")
        return
    allowed = properties_of(kind) | {"@type", "@id"} | ({"@context"} if path == "$" else set())
    found += [f"{path}: {key!r} is not a property of {kind}" for key in node if key not in allowed]
    for required in NAMED_ONLY.get(held_by) or REQUIRED.get(kind, ()):
        choices = required if isinstance(required, tuple) else (required,)
        if not any(choice in node for choice in choices):
            found.append(f"{path}: {kind} lacks {' or '.join(choices)}")
    for key in ADDRESSES & set(node):
        for address in _as_list(node[key]):
            if isinstance(address, str) and not _absolute(address):
                found.append(f"{path}.{key}: {address!r} is not an absolute address")
    # A page is in the page's language; what it describes (a dataset) may hold both.
    if kind in PAGE_TYPES | {"WebSite"} and node.get("inLanguage", language) != language:
        found.append(f"{path}.inLanguage: {node['inLanguage']!r} on a page in {language!r}")
    elif not set(_as_list(node.get("inLanguage", []))) <= LANGUAGES:
        found.append(f"{path}.inLanguage: {node['inLanguage']!r} is not among {sorted(LANGUAGES)}")


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _absolute(address):
    parts = urlsplit(address)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def nodes(value):
    """Every node of a document, depth first."""
    if isinstance(value, list):
        for item in value:
            yield from nodes(item)
    elif isinstance(value, dict):
        yield value
        for item in value.values():
            yield from nodes(item)


def descriptions(response):
    """The page's JSON-LD documents, parsed (a block that is no JSON fails here)."""
    return [json.loads(block) for block in SCRIPT.findall(response.content.decode())]


def title(response):
    return html.unescape(TITLE.search(response.content.decode()).group(1)).strip()


# The pages


@pytest.fixture
def catalogue(seed):
    """The seed, with equipment on one entry: one item described in full, one by its name only."""
    entry = Infrastructure.objects.get(slug="inp-photonic-chip-pilot-line")
    Equipment.objects.create(
        infrastructure=entry,
        name_en="Wafer stepper",
        name_nl="Waferstepper",
        description_en="Exposes 150 mm InP wafers.",
        manufacturer="ASML",
        model_number="PAS 5500/100",
        identifier="ASML-5500-0042",
        identifier_type=Equipment.IdentifierType.SERIAL_NUMBER,
        landing_page="https://instruments.example.org/stepper",
    )
    Equipment.objects.create(infrastructure=entry, name_en="Probe station")
    return entry


COMPANY = {
    "company_name": "Acme Optics BV",
    "company_size": "small",
    "country": "BE",
    "contact_name": "An Peeters",
    "contact_email": "an@acme.example",
    "need": "Reliability tests of 20 sensor boards in March.",
    "consent": "on",
}


def address(client, name, args=(), query=""):
    """The page's address; a confirmation page is reached as a visitor does, by sending its form."""
    if name == "access:sent":
        response = client.post(reverse("access:request", args=args), COMPANY)
        assert response.status_code == 302
        return response["Location"]
    if name == "access:report-sent":
        response = client.post(reverse("access:report-outdated", args=args), {"message": "The lab moved."})
        assert response.status_code == 302
        return response["Location"]
    return reverse(name, args=args) + (f"?{query}" if query else "")


PAGES = [
    ("catalogue:home", ()),
    ("catalogue:search", ()),
    ("catalogue:search", (), "q=photonic"),
    ("catalogue:search", (), "q=zeppelin"),  # no result: a results page without a list
    ("catalogue:infrastructure", ("inp-photonic-chip-pilot-line",)),  # equipment, a theme, a point
    ("catalogue:infrastructure", ("imec-labs-heverlee",)),  # no theme
    ("catalogue:infrastructure", ("mobile-make-lab",)),  # no street, no point
    ("catalogue:organisation", ("b-phot",)),  # part of another
    ("catalogue:organisation", ("waterstofnet",)),  # no city
    ("catalogue:region", ("flanders",)),
    ("catalogue:theme", ("photonics",)),
    ("catalogue:theme", ("artificial-intelligence",)),  # no description
    ("catalogue:cluster", ("flux50",)),
    ("catalogue:cluster", ("space-4-0",)),  # no website
    ("access:request", ("flexlines-pilot-line",)),
    ("access:one-stop", ()),
    ("access:sent", ("flexlines-pilot-line",)),
    ("access:privacy", ()),
    ("access:report-outdated", ("flexlines-pilot-line",)),
    ("access:report-sent", ("flexlines-pilot-line",)),
    ("reports:home", ()),
    ("reports:funding", ()),
    ("reports:compare", ()),
    ("reports:sme-access", ()),
    ("opendata:index", ()),
]


def page_id(page):
    return "-".join([page[0], *page[1], *page[2:]])


def site_links(document):
    """The catalogue's own addresses the document names, without their fragments."""
    found = set()
    for node in nodes(document):
        for key in ("@id", "url", "item"):
            for value in _as_list(node.get(key)):
                if isinstance(value, str) and value.startswith(f"{SITE}/"):
                    found.add(value.split("#")[0].removeprefix(SITE))
    return found


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("visited", PAGES, ids=page_id)
def test_every_public_page_describes_itself_completely(client, catalogue, visited, language):
    with translation.override(language):
        url = address(client, *visited)
        home = reverse("catalogue:home")
    response = client.get(url)
    if visited[0] == "opendata:index" and response.status_code == 404:
        pytest.skip("the open-data page still answers 404: not built yet")
    assert response.status_code == 200
    [described] = descriptions(response)
    assert problems(described, language) == []
    # The page itself: the top node, or the page of the record described (its mainEntityOfPage).
    itself = described if described["@type"] in PAGE_TYPES else described.get("mainEntityOfPage")
    if described["@type"] == "WebSite":  # the home page: the site, with its search
        assert (described["url"], described["inLanguage"]) == (f"{SITE}{home}", language)
    elif itself:
        assert (itself["name"], itself["url"]) == (title(response), f"{SITE}{url}")
        assert itself["inLanguage"] == language
        assert itself["isPartOf"]["url"] == f"{SITE}{home}"
    else:  # the landing page of what it describes, as Google's dataset search reads a Dataset
        assert described["url"] == f"{SITE}{url}" and language in _as_list(described["inLanguage"])
    # Every address of the catalogue it names answers, in the page's language (the API has one).
    for link in site_links(described):
        assert client.get(link).status_code == 200, link
        if not link.startswith("/api/"):
            assert link.startswith("/nl/") == (language == "nl"), link


def test_every_public_page_is_checked():
    """Each named page an anonymous visitor may open (tests/test_doors.py) is among PAGES, so a new
    public page is checked for its description too."""
    from tests.test_doors import ANONYMOUS_EXPECTATIONS

    def opens(expected):
        return 200 in (expected.values() if isinstance(expected, dict) else [expected])

    public = {
        name
        for name, expected in ANONYMOUS_EXPECTATIONS.items()
        if name.split(":")[0] in ("catalogue", "access", "reports", "opendata") and opens(expected)
    }
    # GeoJSON, the open-data files, the DCAT-AP record (RDF, checked by tests/opendata/test_dcat.py)
    not_html = {"catalogue:map-features", "opendata:file", "opendata:catalog"}
    assert public - not_html <= {name for name, *_ in PAGES}


# What each page says


def test_the_home_page_offers_the_search_as_a_search_action(client, catalogue):
    [site] = descriptions(client.get(reverse("catalogue:home")))
    action = site["potentialAction"]
    placeholder = re.fullmatch(r"required name=(\w+)", action["query-input"]).group(1)
    template = action["target"]["urlTemplate"]
    assert template == f"{SITE}{reverse('catalogue:search')}?q={{{placeholder}}}"
    results = client.get(template.format(**{placeholder: "photonic"}).removeprefix(SITE))
    assert "InP photonic chip pilot line" in results.content.decode()


RESULT = re.compile(r'<article class="result">\s*<h3><a href="([^"]+)">([^<]+)</a>')


def test_the_search_page_lists_the_results_it_shows_numbered_across_pages(client, catalogue, monkeypatch):
    from infrastructures.views import public

    monkeypatch.setattr(public, "RESULTS_PER_PAGE", 4)
    response = client.get(reverse("catalogue:search"), {"page": 2})
    [described] = descriptions(response)
    results = described["mainEntity"]
    shown = [(f"{SITE}{url}", html.unescape(name)) for url, name in RESULT.findall(response.content.decode())]
    assert len(shown) == 4
    assert [(item["url"], item["name"]) for item in results["itemListElement"]] == shown
    assert [item["position"] for item in results["itemListElement"]] == [5, 6, 7, 8]
    assert results["numberOfItems"] == Infrastructure.objects.published().count()


def test_a_search_without_results_has_no_list(client, catalogue):
    [described] = descriptions(client.get(reverse("catalogue:search"), {"q": "zeppelin"}))
    assert described["@type"] == "SearchResultsPage" and "mainEntity" not in described


def test_an_infrastructure_names_its_owner_its_equipment_and_its_themes(client, catalogue):
    response = client.get(catalogue.get_absolute_url())
    [place] = descriptions(response)
    page = f"{SITE}{catalogue.get_absolute_url()}"
    assert (place["@type"], place["url"]) == ("Place", page)
    owner = dict(place["owner"])
    owns = owner.pop("owns")  # the owner of an entry owns its equipment (Equipment's docstring)
    assert owner == {
        "@type": "Organization",
        "name": "Eindhoven University of Technology",
        "alternateName": "TU/e",
        "url": f"{SITE}{catalogue.owner.get_absolute_url()}",
        "sameAs": "https://www.tue.nl",
    }
    stepper, probe = (
        Equipment.objects.get(name_en="Wafer stepper"),
        Equipment.objects.get(name_en="Probe station"),
    )
    assert owns == [
        {"@type": "Product", "@id": f"{page}#equipment-{probe.pk}", "name": "Probe station"},
        {
            "@type": "Product",
            "@id": f"{page}#equipment-{stepper.pk}",
            "name": "Wafer stepper",
            "description": "Exposes 150 mm InP wafers.",
            "manufacturer": {"@type": "Organization", "name": "ASML"},
            "model": "PAS 5500/100",
            "url": "https://instruments.example.org/stepper",
            "identifier": {
                "@type": "PropertyValue",
                "propertyID": "serial_number",
                "value": "ASML-5500-0042",
            },
        },
    ]
    for item in (stepper, probe):  # each @id is the item's place on the page
        assert f'id="equipment-{item.pk}"' in response.content.decode()
    [photonics] = [term for term in place["keywords"] if isinstance(term, dict)]
    assert photonics["name"] == "Photonics" and photonics["url"] == f"{SITE}/themes/photonics/"
    assert photonics["inDefinedTermSet"]["url"] == f"{SITE}{reverse('api:theme-list')}"
    assert "indium phosphide" in place["keywords"]
    assert place["containedInPlace"]["name"] == "South Netherlands"


def test_texts_left_empty_are_left_out(client, catalogue):
    [theme] = descriptions(client.get(reverse("catalogue:theme", args=["artificial-intelligence"])))
    assert theme["@type"] == "DefinedTerm" and "description" not in theme
    [lab] = descriptions(client.get(reverse("catalogue:infrastructure", args=["mobile-make-lab"])))
    assert set(lab["address"]) == {"@type", "addressCountry"}
    assert "geo" not in lab


# The checker fails where it should


BREAKAGES = {
    "a required property missing": (lambda place: place.pop("url"), "$: Place lacks url"),
    "a typo in a type": (lambda place: place.update({"@type": "Plcae"}), "unknown type 'Plcae'"),
    "a typo in a property": (
        lambda place: place.update({"adress": place.pop("address")}),
        "'adress' is not a property of Place",
    ),
    "an empty description": (
        lambda place: place.update({"description": " "}),
        "$.description: empty value",
    ),
    "an empty list": (lambda place: place.update({"keywords": []}), "$.keywords: empty list"),
    "a relative address": (
        lambda place: place.update({"url": "/infrastructures/x/"}),
        "'/infrastructures/x/' is not an absolute address",
    ),
    "an organisation without its address": (
        lambda place: place["owner"].pop("url"),
        "$.owner: Organization lacks url",
    ),
    "a nested node incomplete": (
        lambda place: place["geo"].pop("longitude"),
        "$.geo: GeoCoordinates lacks longitude",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_checker_fails_on_a_description_broken(client, catalogue, breakage):
    [described] = descriptions(client.get(catalogue.get_absolute_url()))
    assert problems(described, "en") == []
    change, problem = BREAKAGES[breakage]
    change(described)
    found = problems(described, "en")
    assert any(problem in sentence for sentence in found), found


def test_the_checker_fails_on_a_page_in_another_language_or_without_context(client, catalogue):
    [described] = descriptions(client.get(catalogue.get_absolute_url()))
    assert "$.mainEntityOfPage.inLanguage: 'en' on a page in 'nl'" in problems(described, "nl")
    del described["@context"]
    assert "$: @context is not https://schema.org" in problems(described, "en")


def test_the_checker_asks_a_dataset_for_its_licence_and_a_download_for_its_format():
    dataset = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "RII catalogue",
        "description": "Every published infrastructure.",
        "distribution": {"@type": "DataDownload", "contentUrl": f"{SITE}/open-data/files/rii.csv"},
    }
    assert problems(dataset, "en") == [
        "$: Dataset lacks license",
        "$.distribution: DataDownload lacks encodingFormat",
    ]
