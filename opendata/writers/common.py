"""What the writers share: block and chunk sizes, the encoder of blocks, the site's request."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework.request import Request

BLOCK = 64 * 1024  # bytes handed on at once
CHUNK = 500  # rows read from the database at once


def blocks(texts):
    """Text encoded as UTF-8, in blocks of about BLOCK bytes: few writes, little memory."""
    parts, size = [], 0
    for text in texts:
        data = text.encode()
        parts.append(data)
        size += len(data)
        if size >= BLOCK:
            yield b"".join(parts)
            parts, size = [], 0
    if parts:
        yield b"".join(parts)


class _SiteRequest(HttpRequest):
    """A GET of the site's home page at its public address (settings.SITE_URL)."""

    def __init__(self, site_url):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = "/"
        self.site = urlsplit(site_url)
        self.user = AnonymousUser()

    def _get_scheme(self):
        return self.site.scheme

    def get_host(self):
        # The site's own setting, not a client's Host header: nothing to check against ALLOWED_HOSTS.
        return self.site.netloc


def site_request():
    """An anonymous API request at the site's address, for the serializers and the schema.org
    builders that make addresses absolute in a file built outside any request."""
    return Request(_SiteRequest(settings.SITE_URL))
