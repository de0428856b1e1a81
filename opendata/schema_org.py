"""The published catalogue as a schema.org Dataset: on the open-data page (for search engines'
dataset search) and at the head of the JSON-LD download, which then lists the records."""

from django.conf import settings
from django.urls import reverse

from opendata.dcat import DATASET_DESCRIPTION, DATASET_TITLE
from opendata.downloads import DOWNLOADS


def dataset(absolute, modified, files=None):
    """`absolute` makes a path an absolute address; `modified` is the catalogue's last change (None
    while nothing is published); `files` the built PublishedFile rows by name, for their sizes."""
    files = files or {}
    publisher = {
        "@type": "Organization",
        "name": settings.OPEN_DATA_PUBLISHER_NAME,
        "url": settings.OPEN_DATA_PUBLISHER_URL,
    }
    data = {
        "@type": "Dataset",
        "name": str(DATASET_TITLE),
        "description": str(DATASET_DESCRIPTION),
        "url": absolute(reverse("opendata:index")),
        "license": settings.OPEN_DATA_LICENCE_URL,
        "isAccessibleForFree": True,
        "inLanguage": [code for code, _name in settings.LANGUAGES],
        "creator": publisher,
        "publisher": publisher,
        "distribution": [
            _distribution(download, absolute, files.get(download.name)) for download in DOWNLOADS
        ],
    }
    if modified is not None:
        data["dateModified"] = modified.isoformat()
    return data


def _distribution(download, absolute, built):
    data = {
        "@type": "DataDownload",
        "name": str(download.title),
        "contentUrl": absolute(reverse("opendata:file", args=[download.name])),
        "encodingFormat": download.media_type,
        "license": settings.OPEN_DATA_LICENCE_URL,
    }
    if built is not None:
        data["contentSize"] = f"{built.size} B"
    return data
