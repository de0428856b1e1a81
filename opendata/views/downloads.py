"""The open-data page and its files.

A file is served as the build job last wrote it, with a strong ETag (its SHA-256) and Last-Modified
(the catalogue's last change it holds), while it holds the published catalogue as it is now. Once the
catalogue changed since (or before the first build), the file is stale: no entry that is no longer
published may be served from it, so the current data is streamed from the database instead (the
workbook, which cannot stream, answers 503 for a moment) and a build is queued.
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from infrastructures import exports, jsonld
from opendata import selectors, services, writers
from opendata.downloads import DOWNLOADS, DOWNLOADS_BY_NAME, licence
from opendata.models import PublishedFile
from opendata.schema_org import dataset

RETRY_AFTER_SECONDS = 60  # a build of the seed catalogue takes a second; of 100,000 entries, minutes


@require_safe
def index(request):
    """What is published, under which licence, the downloads, their columns, and how to harvest."""
    modified, fingerprint = selectors.catalogue_state()
    built = PublishedFile.objects.in_bulk(field_name="name")
    downloads = [
        {
            "download": download,
            "built": built.get(download.name),
            "current": services.is_built(built.get(download.name), fingerprint),
        }
        for download in DOWNLOADS
    ]
    description = dataset(request.build_absolute_uri, modified, built)
    return render(
        request,
        "opendata/index.html",
        {
            "counts": selectors.published_counts(),
            "modified": modified,
            "licence": licence(),
            "downloads": downloads,
            "tables": [
                {"layout": layout, "file": exports.filename("csv", layout.name)}
                for layout in exports.EXPORT_ORDER
            ],
            "api_docs": reverse("api:docs"),
            "jsonld": jsonld.for_page(description),
        },
    )


@require_safe
def published_file(request, name):
    download = DOWNLOADS_BY_NAME.get(name)
    if download is None:
        raise Http404(_("There is no such download."))
    modified, fingerprint = selectors.catalogue_state()
    built = PublishedFile.objects.filter(name=name).first()
    if services.is_built(built, fingerprint):
        return _built_file(request, download, built)
    services.build_for_stale_request(fingerprint)
    if download.streams:
        return _current_data(request, download, modified)
    context = {"download": download, "retry_after": RETRY_AFTER_SECONDS}
    response = render(request, "opendata/building.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _built_file(request, download, built):
    etag = f'"{built.sha256}"'
    last_modified = int(built.data_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        path = Path(settings.OPEN_DATA_ROOT) / download.name
        response = FileResponse(
            path.open("rb"), as_attachment=True, filename=download.name, content_type=_content_type(download)
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return _download_headers(response)


def _current_data(request, download, modified):
    """The download written from the database as the request reads it (a HEAD only its headers)."""
    if request.method == "HEAD":
        response = HttpResponse(content_type=_content_type(download))
    else:
        chunks = writers.chunks(download, modified)
        response = StreamingHttpResponse(chunks, content_type=_content_type(download))
    response["Content-Disposition"] = content_disposition_header(True, download.name)
    return _download_headers(response)


def _content_type(download):
    return (
        f"{download.media_type}; charset=utf-8"
        if download.media_type.startswith("text/")
        else download.media_type
    )


def _download_headers(response):
    response["Link"] = f'<{licence()["url"]}>; rel="license"'
    # A copy may be kept, but is checked again each time (a 304 when the ETag still matches).
    response["Cache-Control"] = "public, no-cache"
    return response
