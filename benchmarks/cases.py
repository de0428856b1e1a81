"""What is timed: each of our requests beside its peers, Datasette's nearest page and the raw SQL
floor (`floor.py`), requested in rounds, one of each per round, so that whatever else the machine
does at that moment weighs on all of them alike."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from benchmarks import fetch
from benchmarks.fetch import Sample
from benchmarks.servers import peak_growth

OURS, DATASETTE, SQL = "ours", "Datasette", "SQL"
DATASETTE_TABLE = "/catalogue/infrastructures"  # catalogue.db, table infrastructures
API = "/api/v1/infrastructures/"
CSV_FILE = "/open-data/files/infrastructures.csv"  # opendata.downloads: exports.filename("csv")
API_PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 20


@dataclass
class Side:
    name: str
    run: Callable[[], Sample]
    found: Callable[[], int] | None = None  # how many rows the page says it found (not timed)
    warm_up: Callable[[], Sample] | None = None  # instead of `run`, the first time


@dataclass
class Case:
    name: str
    path: str  # ours
    sides: list
    download: bool = False
    detail: str = ""  # what differs between runs (the deep page's number)

    @property
    def label(self):
        return f"{self.name} ({self.detail})" if self.detail else self.name


@dataclass
class SideResult:
    samples: list = field(default_factory=list)
    error: str = ""
    found: int | None = None
    plain_size: int | None = None  # the body without gzip


@dataclass
class CaseResult:
    case: Case
    sides: dict
    rounds: int


def rounds_within(budget_seconds, round_seconds, repeat):
    """`repeat` rounds, fewer when one round (the warm-up) takes so long that they would not fit
    in the budget: a page that takes minutes is still measured, a few times, and says so."""
    if round_seconds <= 0:
        return repeat
    return max(1, min(repeat, int(budget_seconds // round_seconds)))


def measure(case, repeat, budget_seconds):
    results = {side.name: SideResult() for side in case.sides}
    round_seconds = 0.0
    for side in case.sides:  # the warm-up, untimed: caches, connections, compiled templates
        try:
            sample = _checked((side.warm_up or side.run)())
            round_seconds += sample.total
            results[side.name].found = side.found() if side.found else sample.rows
            results[side.name].plain_size = sample.plain_size
        except Exception as error:  # a failing side is reported in the table, the others go on
            results[side.name].error = str(error)
    rounds = rounds_within(budget_seconds, round_seconds, repeat)
    for _round in range(rounds):
        for side in case.sides:
            result = results[side.name]
            if result.error:
                continue
            try:
                result.samples.append(_checked(side.run()))
            except Exception as error:
                result.error = str(error)
    return CaseResult(case, results, rounds)


def _checked(sample):
    if sample.status != 200:
        raise fetch.RequestFailed(f"HTTP {sample.status}")
    return sample


# The sides


def http_side(name, server, path, found=None, memory=False):
    def run():
        if not memory:
            return fetch.get(server.url, path)
        with peak_growth(server.worker_pids()) as growth:
            sample = fetch.get(server.url, path)
        sample.memory_growth = growth["bytes"]
        return sample

    return Side(name, run, found, warm_up=lambda: fetch.get(server.url, path, plain=True))


def api_count(server, query):
    """How many entries our API says match (the search page uses the same FilterSet)."""
    return lambda: json.loads(fetch.read(server.url, f"{API}?{urlencode(query | {'page_size': 1})}"))["count"]


def datasette_count(server, query):
    path = f"{DATASETTE_TABLE}.json?{urlencode(query | {'_size': 1, '_nofacet': 1})}"
    return lambda: json.loads(fetch.read(server.url, path))["filtered_table_rows_count"]


def datasette_deep_page(server, query, page):
    """Datasette pages by keyset (`_next`, the last row's key): walk there once, untimed."""
    token = None
    for _page in range(page - 1):
        arguments = query | {"_size": API_PAGE_SIZE, "_nofacet": 1} | ({"_next": token} if token else {})
        token = json.loads(fetch.read(server.url, f"{DATASETTE_TABLE}.json?{urlencode(arguments)}"))["next"]
        if token is None:
            break
    return token


@dataclass(frozen=True)
class Filters:
    """One set of filters as each side names it: ours by slug, Datasette by the exported column's
    value; the floor's SQL filters on region and kind or on publication only."""

    label: str
    ours: dict
    theirs: dict
    narrowed: bool


def build(choices, ours, datasette, floor):
    """Every case: our path, Datasette's nearest page and the SQL floor, with the same filters."""
    region, kind = choices["region"], choices["kind"]
    facets = Filters(
        "region + kind",
        {"region": region["slug"], "kind": kind},
        {"region": region["name"], "kind": kind},
        True,
    )
    everything = Filters("no filter", {}, {}, False)
    facet_counts = "&_facet=region&_facet=kind"  # Datasette counts what our page's facets count
    entry = choices["entry"]

    def case(name, path, their_path, floor_run, counted=None, download=False, detail=""):
        """`counted`: the query (ours, Datasette's) whose number of matches each side reports, ours
        through the API (the search page's FilterSet)."""
        ours_found, their_found = (
            (api_count(ours, counted[0]), datasette_count(datasette, counted[1])) if counted else (None, None)
        )
        sides = [http_side(OURS, ours, path, ours_found, memory=download)]
        if their_path:
            sides.append(http_side(DATASETTE, datasette, their_path, their_found, memory=download))
        sides.append(Side(SQL, floor_run))
        return Case(name, path, sides, download, detail)

    def search_page(text, where):
        query, theirs = where.ours | {"q": text}, where.theirs | {"_search": text}
        return case(
            f'search "{text}", {where.label}, HTML',
            f"/search/?{urlencode(query)}",
            f"{DATASETTE_TABLE}?{urlencode(theirs | {'_size': SEARCH_PAGE_SIZE})}{facet_counts}",
            floor.search(text, narrowed=where.narrowed),
            (query, theirs),
        )

    def search_api(text, where):
        query, theirs = where.ours | {"q": text}, where.theirs | {"_search": text}
        return case(
            f'search "{text}", {where.label}, API (50)',
            f"{API}?{urlencode(query | {'page_size': API_PAGE_SIZE})}",
            f"{DATASETTE_TABLE}.json?{urlencode(theirs | {'_size': API_PAGE_SIZE})}{facet_counts}",
            floor.search(text, narrowed=where.narrowed, limit=API_PAGE_SIZE),
            (query, theirs),
        )

    def first_page(where):
        return case(
            f"no text, {where.label}, HTML",
            f"/search/?{urlencode(where.ours)}",
            f"{DATASETTE_TABLE}?{urlencode(where.theirs | {'_size': SEARCH_PAGE_SIZE})}{facet_counts}",
            floor.listing(SEARCH_PAGE_SIZE, narrowed=where.narrowed),
            (where.ours, where.theirs),
        )

    def api_list(where, page=1, deep=False):
        token = datasette_deep_page(datasette, where.theirs, page) if page > 1 else None
        # No facets or facet suggestions: our API list counts none either.
        theirs = where.theirs | {"_size": API_PAGE_SIZE, "_nofacet": 1} | ({"_next": token} if token else {})
        return case(
            f"API list of 50, {where.label}, {'deep page' if deep else 'page 1'}",
            f"{API}?{urlencode(where.ours | {'page_size': API_PAGE_SIZE, 'page': page})}",
            f"{DATASETTE_TABLE}.json?{urlencode(theirs)}",
            floor.listing(API_PAGE_SIZE, page=page, narrowed=where.narrowed),
            (where.ours, where.theirs),
            detail=f"page {page}" if deep else "",
        )

    texts = list(choices["text_queries"])
    return [
        *[search_page(text, facets) for text in texts],
        search_page(texts[0], everything),
        search_api(texts[0], facets),
        first_page(facets),
        first_page(everything),
        api_list(facets),
        api_list(facets, choices["deep_pages"]["narrowed"], deep=True),
        api_list(everything, choices["deep_pages"]["all"], deep=True),
        case(
            "detail page, HTML",
            f"/infrastructures/{entry['slug']}/",
            f"{DATASETTE_TABLE}/{entry['id']}",
            floor.entry(),
        ),
        case("detail, API", f"{API}{entry['slug']}/", f"{DATASETTE_TABLE}/{entry['id']}.json", floor.entry()),
        # Datasette draws no map without a plugin: the floor only.
        case(f"map data, {facets.label}", f"/map/features/?{urlencode(facets.ours)}", "", floor.map_cells()),
        case(
            "open-data CSV, every published entry",
            CSV_FILE,
            f"{DATASETTE_TABLE}.csv?_stream=on&_size=max",
            floor.csv(),
            download=True,
        ),
    ]
