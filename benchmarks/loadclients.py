"""bin/load's clients: threads that each keep one HTTP connection open (as a browser does) and send
requests one after another, without pause, until the run's end; and, for the fault run, writers that
change draft entries and send access requests through the API and note which writes were
acknowledged.

A thread per client, on http.client: light enough that 50 of them in one process use a small share
of one core (bin/load prints the share, so that a client short of CPU would show)."""

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from benchmarks.load_report import CONNECTION_FAILED, Sample, Write

WRITER_ADDRESSES = 1000  # the writers' addresses come after the readers'
READ_TIMEOUT = 30  # seconds; gunicorn's own timeout is 30 s, so an answer comes or the worker is gone
WRITE_TIMEOUT = 30
DUTCH_SHARE = 0.2  # of the pages, asked at /nl/
API_PAGES = 5  # of 20 entries (the API's page size): the first 100
# Connections a server may close between two requests (a keep-alive that timed out, a worker that
# restarted after max_requests): a browser sends an idempotent request again on a new connection.
STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass
class Vocabulary:
    """What the catalogue under load holds (benchmarks.load_probe setup)."""

    words: list
    regions: list
    kinds: list
    slugs: list
    draft_slugs: list
    token: str | None


def popular(rng, values):
    """One of `values`, the first ones more often (Zipf: the n-th is asked 1/n as often as the first),
    as visitors ask for some words, regions and entries far more than for others."""
    weights = [1 / rank for rank in range(1, len(values) + 1)]
    return rng.choices(values, weights)[0]


def search_query(rng, vocabulary):
    """Text alone, text with a region, text with a kind, or a region and a kind without text."""
    shape = rng.random()
    query = {}
    if shape < 0.8:
        query["q"] = popular(rng, vocabulary.words)
    if 0.3 <= shape < 0.55 or shape >= 0.8:
        query["region"] = popular(rng, vocabulary.regions)
    if shape >= 0.55:
        query["kind"] = popular(rng, vocabulary.kinds)
    return query


def next_request(rng, vocabulary):
    """(kind, path) of the next page a visitor asks for: home 10%, search 40%, an entry 30%, the
    API's list 20%."""
    kind = rng.choices(["home", "search", "detail", "api"], [10, 40, 30, 20])[0]
    language = "/nl" if rng.random() < DUTCH_SHARE else ""
    if kind == "home":
        return kind, f"{language}/"
    if kind == "search":
        return kind, f"{language}/search/?{urlencode(search_query(rng, vocabulary))}"
    if kind == "detail":
        return kind, f"{language}/infrastructures/{popular(rng, vocabulary.slugs)}/"
    # A page of the whole list, or the first page of a region's entries (a region may have fewer).
    if rng.random() < 0.5:
        query = {"page": rng.randint(1, API_PAGES)}
    else:
        query = {"region": popular(rng, vocabulary.regions)}
    return kind, f"/api/v1/infrastructures/?{urlencode(query)}"


def client_address(number):
    """Each client's own loopback address (127.0.0.2, 127.0.0.3, ...; Linux routes all of 127/8 to
    the loopback): the server's limits per address count each visitor apart, as in production."""
    return f"127.0.{(number + 2) // 256}.{(number + 2) % 256}"


class Reader(threading.Thread):
    """One visitor: a request, its whole answer read, the next request."""

    def __init__(self, number, host, port, vocabulary, clock, deadline):
        super().__init__(name=f"reader-{number}", daemon=True)
        self.rng = random.Random(number)
        self.source = (client_address(number), 0)
        self.host, self.port, self.vocabulary = host, port, vocabulary
        self.clock, self.deadline = clock, deadline
        self.samples = []
        self.connection = None

    def run(self):
        while self.clock() < self.deadline:
            kind, path = next_request(self.rng, self.vocabulary)
            started = self.clock()
            status, error = self.get(path)
            self.samples.append(Sample(kind, started, self.clock(), status, error))
        if self.connection:
            self.connection.close()

    def get(self, path):
        for attempt in (1, 2):
            reused = self.connection is not None and self.connection.sock is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=READ_TIMEOUT, source_address=self.source
                )
            try:
                self.connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = self.connection.getresponse()
                response.read()
                return response.status, ""
            except STALE_CONNECTION as error:
                self.connection.close()
                if not (reused and attempt == 1):
                    return CONNECTION_FAILED, type(error).__name__
            except (OSError, http.client.HTTPException) as error:
                self.connection.close()
                self.connection = None
                return CONNECTION_FAILED, type(error).__name__
        return CONNECTION_FAILED, "retried"


class Writer(threading.Thread):
    """A curator's script and a company's portal: in turn, a PATCH of one of its draft entries'
    summary (token of a regional manager) and a new access request about a published entry, each
    with a value no other write has; then a short pause. A new connection for each write, and never
    sent again: whether a write that got no answer was stored is what the check after the run tells."""

    def __init__(self, number, host, port, vocabulary, entries, run_id, clock, deadline, pause):
        super().__init__(name=f"writer-{number}", daemon=True)
        self.number, self.host, self.port = number, host, port
        self.address = client_address(WRITER_ADDRESSES + number)
        self.vocabulary, self.entries, self.run_id = vocabulary, entries, run_id
        self.clock, self.deadline, self.pause = clock, deadline, pause
        self.samples, self.writes = [], []
        self.rng = random.Random(1000 + number)

    def run(self):
        sequence = 0
        while self.clock() < self.deadline:
            sequence += 1
            value = f"Load run {self.run_id}: write {self.number}-{sequence}."
            if sequence % 2 and self.entries:
                slug = self.entries[(sequence // 2) % len(self.entries)]
                self.write(
                    "write",
                    f"entry {slug}",
                    value,
                    "PATCH",
                    f"/api/v1/infrastructures/{slug}/",
                    {"summary_en": value},
                    {"Authorization": f"Token {self.vocabulary.token}"},
                )
            else:
                body = access_request(value, popular(self.rng, self.vocabulary.slugs))
                self.write(
                    "access request", "access request", value, "POST", "/api/v1/access-requests/", body, {}
                )
            time.sleep(self.pause)

    def write(self, kind, target, value, method, path, body, headers):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=WRITE_TIMEOUT, source_address=(self.address, 0)
        )
        started = self.clock()
        status, error = CONNECTION_FAILED, ""
        try:
            connection.request(
                method, path, json.dumps(body), headers={"Content-Type": "application/json", **headers}
            )
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as failure:
            error = type(failure).__name__
        finally:
            connection.close()
        self.samples.append(Sample(kind, started, self.clock(), status, error))
        acknowledged = status is not CONNECTION_FAILED and 200 <= status < 300
        self.writes.append(Write(target, value, started, acknowledged))


def access_request(need, slug):
    return {
        "infrastructure": slug,
        "company_name": "Load Test Works",
        "company_size": "small",
        "country": "BE",
        "contact_name": "Load Tester",
        "contact_email": "load@example.org",
        "need": need,
        "consent": True,
    }
