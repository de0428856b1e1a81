"""One timed HTTP request, as a browser or a harvester makes it: a new connection (gunicorn's sync
workers close each one anyway), `Accept-Encoding: gzip`, the body read to its end in blocks and
counted, never kept (a 100,000-row CSV is not held in memory)."""

import http.client
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 900  # a slow page is measured, not cut short
BLOCK = 64 * 1024


@dataclass
class Sample:
    """One request (or one run of the raw SQL): seconds to the first byte and to the end, bytes
    on the wire, the HTTP status (200 for SQL), and for downloads the peak memory growth."""

    first_byte: float
    total: float
    size: int = 0
    status: int = 200
    memory_growth: int | None = None
    rows: int | None = None
    plain_size: int | None = None  # the body unzipped, when asked for


class RequestFailed(Exception):
    pass


def get(base_url, path, plain=False):
    """GET base_url + path; the time to the first byte is when the status line and headers have
    arrived (gunicorn and uvicorn send them with the first block of the body). `plain`: also
    count the body's size unzipped (the warm-up asks; it costs the client time)."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=TIMEOUT_SECONDS)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept-Encoding": "gzip", "User-Agent": "rii-bench"})
        response = connection.getresponse()
        first_byte = time.perf_counter() - started
        size, plain_size = 0, 0
        gzipped = response.getheader("Content-Encoding") == "gzip"
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS) if plain and gzipped else None
        while block := response.read(BLOCK):
            size += len(block)
            plain_size += len(unzip.decompress(block)) if unzip else len(block)
        total = time.perf_counter() - started
    finally:
        connection.close()
    return Sample(first_byte, total, size, response.status, plain_size=plain_size if plain else None)


def read(base_url, path):
    """The whole body of a small answer (JSON, a decoded page), for setting cases up, not timed."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RequestFailed(f"{base_url}{path} answered {response.status}: {body[:300]!r}")
    return body


def open_stream(base_url, path):
    """An answer to read as a file (a download, row by row); closing it closes the connection."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=TIMEOUT_SECONDS)
    connection.request("GET", path)
    response = connection.getresponse()
    if response.status != 200:
        connection.close()
        raise RequestFailed(f"{base_url}{path} answered {response.status}")
    return response
