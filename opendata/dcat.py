"""The catalogue described in DCAT-AP 3.0.1, the profile Europe's data portals harvest: one
dcat:Catalog holding one dcat:Dataset (the published catalogue), a dcat:Distribution per download of
the open-data page, and the API as a dcat:DataService.

https://semiceu.github.io/DCAT-AP/releases/3.0.1/ ; opendata/shapes/ checks its mandatory properties.
Codes come from the vocabularies DCAT-AP names (its section "Controlled vocabularies"): the EU
authority tables for languages, file types, frequencies and data themes, IANA for media types.
"""

import json
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.settings import spectacular_settings
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from infrastructures.models import Theme
from opendata.downloads import DOWNLOADS
from regions.models import Region

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
DATA_THEMES = URIRef(EU_AUTHORITY + "data-theme")
NUTS = Namespace("http://data.europa.eu/nuts/code/")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
PREFIXES = [
    ("dcat", DCAT),
    ("dct", DCTERMS),
    ("foaf", FOAF),
    ("skos", SKOS),
    ("spdx", SPDX),
    ("vcard", VCARD),
    ("xsd", XSD),
]

# The site's languages (settings.LANGUAGES) as the EU language table names them.
LANGUAGES = {"en": URIRef(EU_AUTHORITY + "language/ENG"), "nl": URIRef(EU_AUTHORITY + "language/NLD")}
# The downloads' formats (opendata.downloads.Download.format) in the EU file-type table.
FILE_TYPES = {
    "csv": "CSV",
    "zip": "ZIP",
    "xlsx": "XLSX",
    "json": "JSON",
    "jsonld": "JSON_LD",
}
# Science and technology: what research and innovation infrastructures are about.
DATA_THEME = URIRef(EU_AUTHORITY + "data-theme/TECH")
# Curators change entries at any time and the API serves each change at once; the files follow
# after each change.
FREQUENCY = URIRef(EU_AUTHORITY + "frequency/UPDATE_CONT")
OPENAPI = URIRef(f"https://spec.openapis.org/oas/v{spectacular_settings.OAS_VERSION}")

CATALOG_TITLE = _("RII catalogue")
CATALOG_DESCRIPTION = _(
    "The catalogue of research and innovation infrastructures of European regions: the labs, pilot "
    "lines and test beds companies may use, and on what terms. Its published entries are open data."
)
DATASET_TITLE = _("Research and innovation infrastructures of European regions")
DATASET_DESCRIPTION = _(
    "Every published entry of the RII catalogue with its owners, regions, themes, equipment, access "
    "conditions, prices and funding: as CSV (one file per table), as a workbook, as JSON and as "
    "JSON-LD (schema.org), and through the API."
)
SERVICE_TITLE = _("RII catalogue API")
SERVICE_DESCRIPTION = _(
    "A REST API that serves the published entries of the catalogue, their organisations, regions, "
    "themes, funding and clusters; its OpenAPI description documents every endpoint and filter."
)
SERVICE_DISTRIBUTION_TITLE = _("The catalogue through the API (JSON)")
THEMES_TITLE = _("Themes of the RII catalogue")


def catalog_graph(*, modified, files):
    """The catalogue's DCAT-AP description.

    `modified`: the published catalogue's last change (`selectors.catalogue_state()`), None while
    it is empty; `files`: the `PublishedFile` rows of the files that hold the catalogue as it is now
    (`services.is_built`). The others are described without size, checksum and date: their address
    serves the current data instead. Two queries of its own: the themes and the regions.
    """
    with translation.override("en"):  # the addresses in the graph are the English ones
        return _Description(modified, files).graph


def turtle(graph):
    return graph.serialize(format="turtle")


def jsonld(graph):
    """JSON-LD with nodes and values in a fixed order: rdflib's follows string hashing, which changes
    from one process to the next, and the same graph should read (and hash, for the ETag) the same."""
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES}
    data = json.loads(graph.serialize(format="json-ld", context=context))
    return json.dumps(_in_order(data), ensure_ascii=False, indent=2, sort_keys=True)


def _in_order(value):
    if isinstance(value, dict):
        return {key: _in_order(item) for key, item in value.items()}
    if isinstance(value, list):  # nodes sort by their "@id", the first key
        return sorted((_in_order(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def in_each_language(text):
    """A translatable text as one language-tagged literal per language of the catalogue."""
    for code in LANGUAGES:
        with translation.override(code):
            yield Literal(str(text), lang=code)


class _Description:
    def __init__(self, modified, files):
        self.graph = Graph()
        for prefix, namespace in PREFIXES:
            self.graph.bind(prefix, namespace)
        self.modified = modified
        self.files = {file.name: file for file in files}
        self.page = absolute(reverse("opendata:index"))
        self.licence = URIRef(settings.OPEN_DATA_LICENCE_URL)
        self.catalog = URIRef(self.page + "#catalog")
        self.dataset = URIRef(self.page + "#dataset")
        self.service = URIRef(self.page + "#api")
        self.publisher = URIRef(self.page + "#publisher")
        self.contact_point = URIRef(self.page + "#contact-point")
        self.themes = URIRef(self.page + "#themes")
        self.places = [
            NUTS[code] for code in Region.objects.exclude(nuts_code="").values_list("nuts_code", flat=True)
        ]

        self._agents()
        concepts = self._theme_scheme()
        self._catalog()
        self._dataset(concepts)
        for download in DOWNLOADS:
            self._file_distribution(download)
        self._service()

    def add(self, subject, predicate, *objects):
        for value in objects:
            self.graph.add((subject, predicate, value))

    def _agents(self):
        self.add(self.publisher, RDF.type, FOAF.Agent)
        self.add(self.publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER_NAME))
        self.add(self.publisher, FOAF.homepage, URIRef(settings.OPEN_DATA_PUBLISHER_URL))
        # No dct:type: the ADMS publisher types say who runs the catalogue, which a setting does not.
        self.add(self.contact_point, RDF.type, VCARD.Kind)
        self.add(self.contact_point, VCARD.fn, Literal(settings.OPEN_DATA_PUBLISHER_NAME))
        # The setting may be written as e-mail settings are, "Name <address>": the IRI takes the address.
        _name, address = parseaddr(settings.OPEN_DATA_CONTACT_EMAIL)
        if address:
            self.add(self.contact_point, VCARD.hasEmail, URIRef(f"mailto:{quote(address, safe='@')}"))
        self.add(self.licence, RDF.type, DCTERMS.LicenseDocument)
        self.add(self.licence, DCTERMS.title, Literal(settings.OPEN_DATA_LICENCE_NAME))

    def _theme_scheme(self):
        """The catalogue's themes as a SKOS scheme; each concept is the theme's public page."""
        self.add(self.themes, RDF.type, SKOS.ConceptScheme)
        self.add(self.themes, DCTERMS.title, *in_each_language(THEMES_TITLE))
        concepts = []
        for theme in Theme.objects.order_by("position", "slug"):
            concept = URIRef(absolute(theme.get_absolute_url()))
            self.add(concept, RDF.type, SKOS.Concept)
            self.add(concept, SKOS.inScheme, self.themes)
            self.add(self.themes, SKOS.hasTopConcept, concept)
            for code in LANGUAGES:  # only the languages it is written in: no English labelled Dutch
                if name := getattr(theme, f"name_{code}"):
                    self.add(concept, SKOS.prefLabel, Literal(name, lang=code))
                if description := getattr(theme, f"description_{code}"):
                    self.add(concept, SKOS.definition, Literal(description, lang=code))
            concepts.append(concept)
        return concepts

    def _described(self, subject, title, description):
        self.add(subject, DCTERMS.title, *in_each_language(title))
        self.add(subject, DCTERMS.description, *in_each_language(description))
        self.add(subject, DCTERMS.publisher, self.publisher)
        self.add(subject, DCAT.contactPoint, self.contact_point)

    def _catalog(self):
        catalog = self.catalog
        self.add(catalog, RDF.type, DCAT.Catalog)
        self._described(catalog, CATALOG_TITLE, CATALOG_DESCRIPTION)
        self.add(catalog, FOAF.homepage, URIRef(absolute(reverse("catalogue:home"))))
        self.add(catalog, DCTERMS.license, self.licence)
        self.add(catalog, DCTERMS.language, *LANGUAGES.values())
        self.add(catalog, DCTERMS.spatial, *self.places)
        # DCAT-AP: the taxonomies of the datasets' themes include the EU data themes.
        self.add(catalog, DCAT.themeTaxonomy, DATA_THEMES, self.themes)
        self.add(catalog, DCAT.dataset, self.dataset)
        self.add(catalog, DCAT.service, self.service)
        if self.modified:
            self.add(catalog, DCTERMS.modified, Literal(self.modified))

    def _dataset(self, concepts):
        dataset = self.dataset
        self.add(dataset, RDF.type, DCAT.Dataset)
        self._described(dataset, DATASET_TITLE, DATASET_DESCRIPTION)
        self.add(dataset, DCAT.theme, DATA_THEME, *concepts)
        for concept in concepts:  # the themes' names as keywords, in each language they have
            self.add(dataset, DCAT.keyword, *self.graph.objects(concept, SKOS.prefLabel))
        self.add(dataset, DCTERMS.spatial, *self.places)
        self.add(dataset, DCTERMS.language, *LANGUAGES.values())
        self.add(dataset, DCTERMS.accrualPeriodicity, FREQUENCY)
        self.add(dataset, DCAT.landingPage, URIRef(self.page))
        if self.modified:
            self.add(dataset, DCTERMS.modified, Literal(self.modified))

    def _distribution(self, distribution, title, file_type, media_type):
        self.add(self.dataset, DCAT.distribution, distribution)
        self.add(distribution, RDF.type, DCAT.Distribution)
        self.add(distribution, DCTERMS.title, *in_each_language(title))
        self.add(distribution, DCTERMS.format, URIRef(f"{EU_AUTHORITY}file-type/{FILE_TYPES[file_type]}"))
        self.add(distribution, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + media_type))
        self.add(distribution, DCTERMS.license, self.licence)

    def _file_distribution(self, download):
        distribution = URIRef(f"{self.page}#file-{download.name}")
        self._distribution(distribution, download.title, download.format, download.media_type)
        self.add(distribution, DCAT.accessURL, URIRef(self.page))
        self.add(
            distribution, DCAT.downloadURL, URIRef(absolute(reverse("opendata:file", args=[download.name])))
        )
        built = self.files.get(download.name)
        if built is None:
            return
        self.add(distribution, DCAT.byteSize, Literal(built.size, datatype=XSD.nonNegativeInteger))
        self.add(distribution, DCTERMS.modified, Literal(built.data_modified))
        checksum = BNode(f"checksum-{download.name}")  # a fixed label: the same graph, the same bytes
        self.add(distribution, SPDX.checksum, checksum)
        self.add(checksum, RDF.type, SPDX.Checksum)
        self.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        self.add(checksum, SPDX.checksumValue, Literal(built.sha256, datatype=XSD.hexBinary))

    def _service(self):
        service = self.service
        endpoint = URIRef(absolute(reverse("api:api-root")))
        self.add(service, RDF.type, DCAT.DataService)
        self._described(service, SERVICE_TITLE, SERVICE_DESCRIPTION)
        self.add(service, DCAT.endpointURL, endpoint)
        self.add(service, DCAT.endpointDescription, URIRef(absolute(reverse("api:schema"))))
        self.add(service, DCTERMS.conformsTo, OPENAPI)
        self.add(service, FOAF.page, URIRef(absolute(reverse("api:docs"))))
        self.add(service, DCAT.servesDataset, self.dataset)
        self.add(service, DCTERMS.license, self.licence)

        distribution = URIRef(self.page + "#api-distribution")
        self._distribution(distribution, SERVICE_DISTRIBUTION_TITLE, "json", "application/json")
        self.add(distribution, DCAT.accessURL, endpoint)
        self.add(distribution, DCAT.accessService, service)
