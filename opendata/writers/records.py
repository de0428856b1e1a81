"""The records: the JSON download (each list as the API's list endpoint gives it to an anonymous
client, through the API's own views and serializers) and the JSON-LD download (schema.org, through
the builders of the pages' JSON-LD)."""

import json

from rest_framework.utils.encoders import JSONEncoder

from infrastructures import jsonld
from infrastructures.models import Cluster, Organisation, Theme
from opendata.downloads import licence
from opendata.schema_org import dataset
from opendata.selectors import published_entries
from opendata.writers.common import CHUNK, blocks
from regions.models import Region

# The JSON's lists and the API endpoints (router basenames, rii_catalogue.api_urls) they hold.
API_LISTS = {
    "infrastructures": "infrastructure",
    "organisations": "organisation",
    "regions": "region",
    "themes": "theme",
    "funding_programmes": "funding-programme",
    "clusters": "cluster",
    "equipment": "equipment",
}


def _dumps(data):
    # As the API's JSONRenderer writes it: compact, UTF-8, its encoder for decimals and dates.
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":"))


def json_chunks(modified, request):
    return blocks(_json_texts(modified, request))


def _json_texts(modified, request):
    yield "{" + _dumps("licence") + ":" + _dumps(licence())
    yield "," + _dumps("modified") + ":" + _dumps(modified.isoformat() if modified else None)
    for key, basename in API_LISTS.items():
        yield "," + _dumps(key) + ":["
        for number, item in enumerate(_api_list(basename, request)):
            yield ("," if number else "") + _dumps(item)
        yield "]"
    yield "}"


def _api_list(basename, request):
    """What GET /api/v1/<endpoint>/ returns to an anonymous client, every page of it in its order:
    the endpoint's own queryset, filters (none given) and serializer, read a chunk at a time."""
    view = _list_view(basename, request)  # an anonymous request: its queryset holds published entries only
    queryset = view.filter_queryset(view.get_queryset())
    chunk = []
    for row in queryset.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from view.get_serializer(chunk, many=True).data
            chunk = []
    if chunk:
        yield from view.get_serializer(chunk, many=True).data


def _list_view(basename, request):
    """The API's viewset for `basename`, set up as the router would for a list request."""
    from rii_catalogue.api_urls import router  # the URLconf imports the apps' views: not at start-up

    viewsets = {name: viewset for _prefix, viewset, name in router.registry}
    return viewsets[basename](
        request=request, args=(), kwargs={}, format_kwarg=None, action="list", detail=False, basename=basename
    )


# JSON-LD


def jsonld_chunks(modified, request):
    return blocks(_jsonld_texts(modified, request))


def _jsonld_texts(modified, request):
    """One graph: the Dataset first, then each record with the Dataset as what it is the subject of
    (schema.org subjectOf), so that the records stream without a list of them in the Dataset."""
    absolute = request.build_absolute_uri
    head = dataset(absolute, modified)
    dataset_id = head["url"] + "#dataset"
    yield '{"@context":"https://schema.org","@graph":[' + _dumps({"@id": dataset_id, **head})
    for builder, records in [
        (jsonld.infrastructure, _entries_for_jsonld()),
        (jsonld.organisation, Organisation.objects.select_related("region", "parent").order_by("slug")),
        (jsonld.region, Region.objects.order_by("slug")),
        (jsonld.theme, Theme.objects.order_by("position", "slug")),
        (jsonld.cluster, Cluster.objects.prefetch_related("members").order_by("slug")),
    ]:
        for record in records.iterator(chunk_size=CHUNK):
            node = builder(record, absolute)
            yield "," + _dumps({"@id": node["url"], **node, "subjectOf": {"@id": dataset_id}})
    yield "]}"


def _entries_for_jsonld():
    """What jsonld.infrastructure reads of an entry, in a fixed number of queries per chunk."""
    return published_entries().for_listing().prefetch_related("equipment").order_by("slug")
