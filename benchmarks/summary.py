"""The tables of a run (one database at one size) and of the whole benchmark, as rows of text
cells that `report.text_table` prints and `report.markdown_table` writes."""

from dataclasses import dataclass, field

from benchmarks import report
from benchmarks.cases import DATASETTE, OURS, SQL
from benchmarks.report import Summary, kilobytes, milliseconds, times

PEERS = [DATASETTE, SQL]
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass
class Run:
    database: str
    size: int
    choices: dict = field(default_factory=dict)
    steps: dict = field(default_factory=dict)
    results: list = field(default_factory=list)
    queries: dict = field(default_factory=dict)
    error: str = ""
    load: list = field(default_factory=list)  # the machine's 1-minute load average, before and after

    @property
    def title(self):
        return f"{DATABASE_NAMES[self.database]}, {self.size:,} published entries"


def _summary(result, attribute="total"):
    values = [getattr(sample, attribute) for sample in result.samples]
    return Summary.of(values) if values else None


def _median(result):
    summary = _summary(result)
    return summary.median if summary else None


CASE_HEADER = [
    "case",
    "n",
    "ours median",
    "p95",
    "KB (plain)",
    "queries",
    "found (ours / Datasette / SQL)",
    *[heading for peer in PEERS for heading in (f"{peer} median", "p95", f"ours ÷ {peer}")],
]


def case_rows(run):
    """Milliseconds; `found` shows that the three sides return the same rows."""
    rows = []
    for result in run.results:
        ours = result.sides[OURS]
        summary = _summary(ours)
        row = [
            result.case.label,
            result.rounds,
            _failed(ours) or milliseconds(summary.median),
            "" if ours.error else milliseconds(summary.p95),
            _size(ours),
            _queries(run.queries.get(result.case.name)),
            _found(result),
        ]
        for peer in PEERS:
            theirs = result.sides.get(peer)
            if theirs is None:
                row += ["–", "–", "–"]
                continue
            their_summary = _summary(theirs)
            row += [
                _failed(theirs) or milliseconds(their_summary.median),
                "" if theirs.error else milliseconds(their_summary.p95),
                times(report.ratio(summary and summary.median, their_summary and their_summary.median)),
            ]
        rows.append(row)
    return rows


def _failed(result):
    if result.error:
        return f"failed: {result.error[:60]}"
    if not result.samples:
        return "–"
    return ""


def _size(result):
    if not result.samples:
        return "–"
    size = result.samples[-1].size
    if result.plain_size and result.plain_size != size:
        return f"{kilobytes(size)} ({kilobytes(result.plain_size)})"
    return kilobytes(size)


def _queries(counted):
    if not counted:
        return "–"
    if counted["status"] != 200:
        return f"HTTP {counted['status']}"
    return str(counted["queries"])


def _found(result):
    found = [result.sides[side].found if side in result.sides else None for side in (OURS, DATASETTE, SQL)]
    if found[0] is None and found[1] is None:  # a detail page or the map: nothing to compare
        return ""
    return " / ".join("–" if value is None else f"{value:,}" for value in found)


DOWNLOAD_HEADER = [
    "open-data CSV",
    "first byte median (ms)",
    "total median (s)",
    "rows per second",
    "peak memory growth (MB)",
]


def download_rows(run):
    """The download case in its own table: time to first byte, total, rows per second, memory."""
    rows = []
    for result in run.results:
        if not result.case.download:
            continue
        for side, outcome in result.sides.items():
            first, total = _summary(outcome, "first_byte"), _summary(outcome, "total")
            if not total:
                rows.append([side, _failed(outcome) or "–", "–", "–", "–"])
                continue
            count = outcome.samples[-1].rows or run.choices.get("published")
            growth = [sample.memory_growth for sample in outcome.samples if sample.memory_growth is not None]
            rows.append(
                [
                    side,
                    milliseconds(first.median),
                    report.seconds(total.median),
                    f"{count / total.median:,.0f}" if count else "–",
                    report.megabytes(max(growth)) if growth else "–",
                ]
            )
    return rows


STEPS_HEADER = ["step", "seconds", "per second"]


def step_rows(run):
    steps, choices = run.steps, run.choices
    entries = choices.get("entries")
    per_second = {
        "generate": entries,
        "rebuild index": entries,
        "Datasette file": choices.get("published"),
        "import": steps.get("import rows"),
    }
    rows = []
    for name in ("generate", "rebuild index", "Datasette file", "import", "build open data"):
        if name not in steps:
            continue
        seconds, count = steps[name], per_second.get(name)
        if isinstance(seconds, str):  # stopped: see catalogue.timed_job
            rows.append([name, seconds, ""])
            continue
        rate = f"{count / seconds:,.0f} rows" if count and seconds else ""
        rows.append([name, report.seconds(seconds), rate])
    return rows


def queries_rows(runs):
    """Queries per request of each page in every run, side by side: they must not grow with the
    catalogue (the download reads in chunks, so its count does)."""
    names = list(dict.fromkeys(result.case.name for run in runs for result in run.results))
    header = ["case", *[f"{DATABASE_NAMES[run.database]} {run.size:,}" for run in runs]]
    rows = [[name, *[_queries(run.queries.get(name)) for run in runs]] for name in names]
    return header, rows
