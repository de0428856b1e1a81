"""The catalogue's DCAT-AP 3.0.1 description, for data portals that harvest it."""

from django.http import Http404, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from opendata import dcat, services
from opendata.models import PublishedFile
from opendata.selectors import catalogue_state

# rdf_format in the address: (serializer, Content-Type).
FORMATS = {
    "ttl": (dcat.turtle, "text/turtle; charset=utf-8"),
    "jsonld": (dcat.jsonld, "application/ld+json"),
}


@require_safe
def catalog(request, rdf_format):
    """The same graph as Turtle or JSON-LD, in a fixed number of queries whatever the catalogue's size.

    ETag: ConditionalGetMiddleware's, from the body. Last-Modified: the later of the catalogue's last
    change and the last build of a current file (a build gives a distribution its size and checksum)."""
    if rdf_format not in FORMATS:
        raise Http404
    serialize, content_type = FORMATS[rdf_format]
    modified, fingerprint = catalogue_state()
    files = [file for file in PublishedFile.objects.all() if services.is_built(file, fingerprint)]
    response = HttpResponse(
        serialize(dcat.catalog_graph(modified=modified, files=files)), content_type=content_type
    )
    changes = [at for at in (modified, *(file.built_at for file in files)) if at is not None]
    if changes:
        response["Last-Modified"] = http_date(max(changes).timestamp())
    return response
