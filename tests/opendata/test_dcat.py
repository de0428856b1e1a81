"""The catalogue's DCAT-AP 3.0.1 description at /open-data/catalog.ttl and .jsonld, as a data portal
harvests it: checked against the shapes of the mandatory properties (opendata/shapes/) and for what
the open-data page promises (licence, languages, regions, every download, the API)."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, RDF, SH, SKOS

import opendata
from infrastructures.models import Theme
from opendata.dcat import SPDX, VCARD
from opendata.downloads import DOWNLOADS
from opendata.models import PublishedFile
from opendata.selectors import catalogue_state
from regions.models import Region
from tests import factories

pytestmark = pytest.mark.django_db

# Plain namespaces: rdflib's own DCAT and XSD warn when pytest looks through this module's names.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

SHAPES = Graph().parse(Path(opendata.__file__).parent / "shapes" / "dcat-ap-3.0.1-mandatory.ttl")
SITE = settings.SITE_URL.rstrip("/")
CATALOG = URIRef(f"{SITE}/open-data/#catalog")
DATASET = URIRef(f"{SITE}/open-data/#dataset")
ENGLISH = URIRef("http://publications.europa.eu/resource/authority/language/ENG")
DUTCH = URIRef("http://publications.europa.eu/resource/authority/language/NLD")
BUILT = [DOWNLOADS[0].name, "infrastructures.csv"]  # the files the `built` fixture has built

# DCAT-AP 3.0.1's mandatory properties (cardinality 1 or 1..*) of the classes the description
# uses, and this project's licence on every distribution: what the shapes must require.
MANDATORY = {
    (DCAT.Catalog, DCTERMS.title),
    (DCAT.Catalog, DCTERMS.description),
    (DCAT.Catalog, DCTERMS.publisher),
    (DCAT.Dataset, DCTERMS.title),
    (DCAT.Dataset, DCTERMS.description),
    (DCAT.Distribution, DCAT.accessURL),
    (DCAT.Distribution, DCTERMS.license),
    (DCAT.DataService, DCAT.endpointURL),
    (DCAT.DataService, DCTERMS.title),
    (FOAF.Agent, FOAF.name),
    (SPDX.Checksum, SPDX.algorithm),
    (SPDX.Checksum, SPDX.checksumValue),
}


def required_by_shapes():
    """(class, property) of every property shape with sh:minCount 1 or more."""
    return sorted(
        (SHAPES.value(shape, SH.targetClass), SHAPES.value(rule, SH.path))
        for shape, rule in SHAPES.subject_objects(SH.property)
        if SHAPES.value(rule, SH.minCount, default=Literal(0)).toPython() >= 1
    )


def curie(uri):
    return SHAPES.namespace_manager.normalizeUri(uri)


@pytest.fixture
def built(seed, settings, tmp_path):
    """The seed catalogue with two of its files built from its current state; the others are not."""
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    settings.OPEN_DATA_ROOT.mkdir()
    modified, fingerprint = catalogue_state()
    files = {}
    for name in BUILT:
        content = f"the content of {name}".encode()
        (settings.OPEN_DATA_ROOT / name).write_bytes(content)
        files[name] = PublishedFile.objects.create(
            name=name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            records=3,
            data_modified=modified,
            fingerprint=fingerprint,
        )
    return files


def fetch(client, rdf_format, **headers):
    response = client.get(f"/open-data/catalog.{rdf_format}", **headers)
    assert response.status_code == 200
    return response


def parse(response):
    syntax = {"text/turtle; charset=utf-8": "turtle", "application/ld+json": "json-ld"}
    return Graph().parse(data=response.content, format=syntax[response["Content-Type"]])


def violations(graph):
    """(focus node, path) of each violation of the shapes."""
    conforms, report, _text = validate(graph, shacl_graph=SHAPES)
    found = {
        (report.value(result, SH.focusNode), report.value(result, SH.resultPath))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert conforms == (not found)
    return found


def test_the_shapes_require_every_mandatory_property_of_dcat_ap():
    assert set(required_by_shapes()) == MANDATORY


@pytest.mark.parametrize("rdf_format", ["ttl", "jsonld"])
def test_both_serialisations_conform_to_the_shapes(client, built, rdf_format):
    graph = parse(fetch(client, rdf_format))
    for target_class in {target_class for target_class, _path in MANDATORY}:
        assert any(graph.subjects(RDF.type, target_class)), f"nothing to check for {target_class}"
    assert violations(graph) == set()


@pytest.mark.parametrize("target_class, path", required_by_shapes(), ids=curie)
def test_removing_a_mandatory_property_fails_the_validation_naming_it(client, built, target_class, path):
    graph = parse(fetch(client, "ttl"))
    holders = set(graph.subjects(RDF.type, target_class))
    assert holders
    for holder in holders:
        graph.remove((holder, path, None))
    assert violations(graph) == {(holder, path) for holder in holders}


def test_both_serialisations_hold_the_same_triples(client, built):
    turtle = fetch(client, "ttl")
    jsonld = fetch(client, "jsonld")
    assert turtle["Content-Type"] == "text/turtle; charset=utf-8"
    assert jsonld["Content-Type"] == "application/ld+json"
    assert isomorphic(parse(turtle), parse(jsonld))


def test_the_licence_is_on_the_catalogue_the_api_and_every_distribution(client, built):
    graph = parse(fetch(client, "ttl"))
    licence = URIRef(settings.OPEN_DATA_LICENCE_URL)
    distributions = set(graph.subjects(RDF.type, DCAT.Distribution))
    holders = {CATALOG, *graph.subjects(RDF.type, DCAT.DataService), *distributions}
    assert {holder for holder in holders if graph.value(holder, DCTERMS.license) == licence} == holders
    assert (licence, RDF.type, DCTERMS.LicenseDocument) in graph
    assert graph.value(licence, DCTERMS.title) == Literal(settings.OPEN_DATA_LICENCE_NAME)


def test_languages_spatial_coverage_and_publisher(client, seed):
    factories.region(slug="no-code", nuts_code="")  # no NUTS code: not in the coverage
    graph = parse(fetch(client, "ttl"))
    nuts = {URIRef(f"http://data.europa.eu/nuts/code/{code}") for code in ("BE1", "BE2", "NL4")}
    assert set(Region.objects.exclude(nuts_code="").values_list("nuts_code", flat=True)) == {
        "BE1",
        "BE2",
        "NL4",
    }
    for described in (CATALOG, DATASET):
        assert set(graph.objects(described, DCTERMS.language)) == {ENGLISH, DUTCH}
        assert set(graph.objects(described, DCTERMS.spatial)) == nuts
    publisher = graph.value(CATALOG, DCTERMS.publisher)
    assert graph.value(DATASET, DCTERMS.publisher) == publisher
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert graph.value(publisher, FOAF.name) == Literal(settings.OPEN_DATA_PUBLISHER_NAME)
    assert graph.value(publisher, FOAF.homepage) == URIRef(settings.OPEN_DATA_PUBLISHER_URL)
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == URIRef(
        f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"
    )


@pytest.mark.parametrize("rdf_format", ["ttl", "jsonld"])
def test_a_contact_address_with_a_display_name_still_gives_a_parseable_record(
    client, seed, settings, rdf_format
):
    """OPEN_DATA_CONTACT_EMAIL falls back to PRIVACY_CONTACT_EMAIL, then DJANGO_DEFAULT_FROM_EMAIL, which
    Django documents in the "Name <address>" form: a portal still reads the record, and its contact is
    the address alone."""
    settings.OPEN_DATA_CONTACT_EMAIL = "RII catalogue <catalogue@example.org>"
    graph = parse(fetch(client, rdf_format))
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert list(graph.objects(contact, VCARD.hasEmail)) == [URIRef("mailto:catalogue@example.org")]


def test_every_download_is_a_distribution_with_its_file_facts_once_built(client, built):
    graph = parse(fetch(client, "ttl"))
    by_address = {
        graph.value(distribution, DCAT.downloadURL): distribution
        for distribution in graph.objects(DATASET, DCAT.distribution)
        if graph.value(distribution, DCAT.downloadURL)
    }
    assert set(by_address) == {URIRef(f"{SITE}/open-data/files/{download.name}") for download in DOWNLOADS}
    formats = set()
    for download in DOWNLOADS:
        distribution = by_address[URIRef(f"{SITE}/open-data/files/{download.name}")]
        assert graph.value(distribution, DCAT.accessURL) == URIRef(f"{SITE}/open-data/")
        assert {title.language for title in graph.objects(distribution, DCTERMS.title)} == {"en", "nl"}
        assert graph.value(distribution, DCAT.mediaType) == URIRef(
            f"https://www.iana.org/assignments/media-types/{download.media_type}"
        )
        formats.add(graph.value(distribution, DCTERMS.format))
        checksum = graph.value(distribution, SPDX.checksum)
        if download.name in built:
            file = built[download.name]
            size = graph.value(distribution, DCAT.byteSize)
            assert size == Literal(file.size, datatype=XSD.nonNegativeInteger)
            assert graph.value(distribution, DCTERMS.modified).toPython() == file.data_modified
            assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
            assert graph.value(checksum, SPDX.checksumValue) == Literal(file.sha256, datatype=XSD.hexBinary)
        else:  # not built yet: listed, without what only the file can tell
            assert graph.value(distribution, DCAT.byteSize) is None
            assert checksum is None
    file_types = "http://publications.europa.eu/resource/authority/file-type/"
    assert formats == {URIRef(file_types + code) for code in ("ZIP", "CSV", "XLSX", "JSON", "JSON_LD")}


def test_a_stale_file_is_listed_without_the_facts_of_the_file_it_no_longer_serves(client, built):
    Theme.objects.get(slug="photonics").save()  # the download address now streams the current data
    graph = parse(fetch(client, "ttl"))
    for name in BUILT:
        (distribution,) = graph.subjects(DCAT.downloadURL, URIRef(f"{SITE}/open-data/files/{name}"))
        assert graph.value(distribution, DCAT.byteSize) is None
        assert graph.value(distribution, SPDX.checksum) is None
    assert not any(graph.subjects(RDF.type, SPDX.Checksum))


def test_the_api_is_a_data_service_with_its_openapi_description(client, seed):
    graph = parse(fetch(client, "ttl"))
    (service,) = graph.subjects(RDF.type, DCAT.DataService)
    assert (CATALOG, DCAT.service, service) in graph
    assert graph.value(service, DCAT.endpointURL) == URIRef(f"{SITE}/api/v1/")
    description = graph.value(service, DCAT.endpointDescription)
    assert description == URIRef(f"{SITE}/api/v1/schema/")
    assert client.get(description.removeprefix(SITE)).status_code == 200  # the description is there
    assert str(graph.value(service, DCTERMS.conformsTo)).startswith("https://spec.openapis.org/oas/v3")
    assert graph.value(service, DCAT.servesDataset) == DATASET
    (through_api,) = graph.subjects(DCAT.accessService, service)
    assert (DATASET, DCAT.distribution, through_api) in graph
    assert graph.value(through_api, DCAT.accessURL) == URIRef(f"{SITE}/api/v1/")


def test_titles_in_english_and_dutch_and_the_themes_as_concepts(client, seed):
    graph = parse(fetch(client, "ttl"))
    (service,) = graph.subjects(RDF.type, DCAT.DataService)
    for described in (CATALOG, DATASET, service):
        languages = {title.language for title in graph.objects(described, DCTERMS.title)}
        assert languages == {"en", "nl"}, described
    for described in (CATALOG, DATASET):
        assert {text.language for text in graph.objects(described, DCTERMS.description)} == {"en", "nl"}

    scheme = URIRef(f"{SITE}/open-data/#themes")
    assert set(graph.objects(CATALOG, DCAT.themeTaxonomy)) == {
        scheme,
        URIRef("http://publications.europa.eu/resource/authority/data-theme"),
    }
    theme = Theme.objects.get(slug="sustainable-energy")
    concept = URIRef(f"{SITE}/themes/sustainable-energy/")
    assert (concept, SKOS.inScheme, scheme) in graph
    assert set(graph.objects(concept, SKOS.prefLabel)) == {
        Literal(theme.name_en, lang="en"),
        Literal("Duurzame energie", lang="nl"),
    }
    themes = set(graph.objects(DATASET, DCAT.theme))
    assert URIRef("http://publications.europa.eu/resource/authority/data-theme/TECH") in themes
    assert concept in themes and len(themes) == Theme.objects.count() + 1
    assert Literal("Duurzame energie", lang="nl") in set(graph.objects(DATASET, DCAT.keyword))


def test_modified_is_the_catalogues_last_change_and_follows_it(client, seed):
    graph = parse(fetch(client, "ttl"))
    modified, _fingerprint = catalogue_state()
    assert graph.value(CATALOG, DCTERMS.modified).toPython() == modified
    assert graph.value(DATASET, DCTERMS.modified).toPython() == modified

    Theme.objects.get(slug="photonics").save()  # any change of a public record
    changed, _fingerprint = catalogue_state()
    assert changed > modified
    response = fetch(client, "ttl")
    assert parse(response).value(CATALOG, DCTERMS.modified).toPython() == changed
    assert response["Last-Modified"] == http_date(changed.timestamp())


def test_last_modified_and_etag_answer_conditional_requests(client, built):
    later = timezone.now() + timezone.timedelta(minutes=5)
    PublishedFile.objects.filter(name=BUILT[0]).update(built_at=later)  # a build changes the checksums
    response = fetch(client, "jsonld")
    assert response["Last-Modified"] == http_date(later.timestamp())
    again = client.get("/open-data/catalog.jsonld", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get("/open-data/catalog.jsonld", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_other_formats_are_not_found_and_writes_not_allowed(client, seed):
    assert client.get("/open-data/catalog.xml").status_code == 404
    assert client.get("/open-data/catalog.").status_code == 404
    assert client.post("/open-data/catalog.ttl").status_code == 405


def test_the_query_count_does_not_grow_with_the_catalogue(client, built, django_assert_max_num_queries):
    def count():
        with CaptureQueriesContext(connection) as queries:
            fetch(client, "ttl")
        return len(queries)

    small = count()
    for number in range(10):
        region = factories.region(slug=f"more-{number}", nuts_code=f"BE3{number}")
        factories.infrastructure(region=region, themes=[factories.theme(slug=f"more-{number}")])
    for download in DOWNLOADS:
        PublishedFile.objects.get_or_create(
            name=download.name,
            defaults={"size": 1, "sha256": "0" * 64, "records": 1, "data_modified": timezone.now()},
        )
    assert count() == small
    with django_assert_max_num_queries(15):
        fetch(client, "jsonld")
