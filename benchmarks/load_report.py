"""The arithmetic of bin/load's report, apart from the clients and servers so that it is tested on its
own (tests/test_load_report.py): percentiles, the counts by status, the seconds a database restart
cost, and the acknowledged writes that did not survive it.

Times are seconds on one clock (time.monotonic), counted from the start of the run."""

import math
from collections import Counter
from dataclasses import dataclass, field

CONNECTION_FAILED = None  # a sample's status when no HTTP answer came (refused, reset, timed out)


@dataclass
class Sample:
    """One request as a client saw it."""

    kind: str  # home, search, detail, api, write, access request
    started: float
    ended: float
    status: int | None  # CONNECTION_FAILED when there was no answer
    error: str = ""  # what failed, when status is CONNECTION_FAILED

    @property
    def seconds(self):
        return self.ended - self.started

    @property
    def failed(self):
        """No answer, or a server error: what a visitor sees as the catalogue being down."""
        return self.status is CONNECTION_FAILED or self.status >= 500


def percentile(values, share):
    """The nearest-rank percentile: the smallest value that `share` percent of the values do not
    exceed (p50 of 1..100 is 50, p95 is 95). None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class KindFigures:
    requests: int
    p50: float | None
    p95: float | None
    p99: float | None
    statuses: Counter = field(default_factory=Counter)  # status code (None: connection failed) -> count

    @property
    def server_errors(self):
        return sum(count for status, count in self.statuses.items() if status is not None and status >= 500)

    @property
    def connection_failures(self):
        return self.statuses.get(CONNECTION_FAILED, 0)


def figures(samples):
    """Requests, p50/p95/p99 in seconds (of every answer, whatever its status, failures included:
    a fast 503 is part of what visitors saw) and the statuses of `samples`."""
    durations = [sample.seconds for sample in samples]
    return KindFigures(
        requests=len(samples),
        p50=percentile(durations, 50),
        p95=percentile(durations, 95),
        p99=percentile(durations, 99),
        statuses=Counter(sample.status for sample in samples),
    )


def by_kind(samples):
    """Figures of each kind (in the order the kinds first appear), and of all of them under "all"."""
    kinds = {}
    for sample in samples:
        kinds.setdefault(sample.kind, []).append(sample)
    table = {kind: figures(group) for kind, group in kinds.items()}
    table["all"] = figures(samples)
    return table


def throughput(samples, seconds):
    """Answers per second over the run (connection failures are not answers)."""
    answered = sum(1 for sample in samples if sample.status is not CONNECTION_FAILED)
    return answered / seconds if seconds > 0 else 0.0


def split_by_outage(samples, down_at, back_at):
    """The samples whose request overlapped the time the database was down, and the others: a 500
    then is what the 503 page should have been; a 500 outside it is a bug."""
    during, outside = [], []
    for sample in samples:
        overlaps = down_at is not None and sample.started <= back_at and sample.ended >= down_at
        (during if overlaps else outside).append(sample)
    return during, outside


@dataclass
class Recovery:
    first_ok: float | None  # seconds from the database's return to the first 200 after it
    full_service: float | None  # seconds from its return until every kind answers again
    unrecovered: list = field(default_factory=list)  # kinds that never answered again


def recovery(samples, back_at, kinds):
    """How long the catalogue took to serve again once the database was back at `back_at`.

    First 200: the end of the first request started after `back_at` that got a 200.
    Full service: for each kind, the first request that succeeded after the last one of that kind
    that failed (started after both); its end is when that kind served again; the latest of the
    kinds is when everything did. A kind that did not fail at all serves again with its first
    success after `back_at`. Seconds are counted from `back_at` and never below 0."""
    after = sorted((sample for sample in samples if sample.started >= back_at), key=lambda s: s.started)
    first_ok = next((sample.ended - back_at for sample in after if sample.status == 200), None)
    served_again, unrecovered = [], []
    for kind in kinds:
        own = [sample for sample in samples if sample.kind == kind]
        last_failure = max((sample.started for sample in own if sample.failed), default=back_at)
        since = max(last_failure, back_at)
        success = next(
            (
                sample
                for sample in after
                if sample.kind == kind and not sample.failed and sample.started > since
            ),
            None,
        )
        if success is None:
            unrecovered.append(kind)
        else:
            served_again.append(success.ended)
    full = None if unrecovered or not served_again else max(0.0, max(served_again) - back_at)
    return Recovery(
        first_ok=None if first_ok is None else max(0.0, first_ok), full_service=full, unrecovered=unrecovered
    )


@dataclass
class Write:
    """One write a client sent: the row it targets and the unique value it wrote there."""

    target: str  # "entry <slug>" (a PATCH of its summary) or "access request" (a new request)
    value: str
    sent: float
    acknowledged: bool  # the server answered 2xx


@dataclass
class Stored:
    """What the database holds after the run, read back."""

    # entry target -> its summary now, and every summary its history recorded
    current: dict = field(default_factory=dict)
    history: dict = field(default_factory=dict)
    requests: set = field(default_factory=set)  # the unique values of the access requests stored


def lost_writes(writes, stored):
    """The acknowledged writes the database does not have. A new access request is lost when no
    stored request carries its value; a PATCH when the entry's history never held its value, or when
    the entry now holds an older value than the last acknowledged one (an acknowledged write undone).
    A write that was not acknowledged may or may not be there: both are right."""
    lost = []
    last_acknowledged = {}
    for write in sorted(writes, key=lambda write: write.sent):
        if not write.acknowledged:
            continue
        if write.target == "access request":
            if write.value not in stored.requests:
                lost.append(write)
            continue
        if write.value not in stored.history.get(write.target, set()):
            lost.append(write)
        last_acknowledged[write.target] = write
    for target, write in last_acknowledged.items():
        # What the entry may hold now: the last acknowledged value, or one sent after it (its answer
        # was lost, but it may have committed).
        allowed = {write.value} | {
            later.value for later in writes if later.target == target and later.sent > write.sent
        }
        if stored.current.get(target) not in allowed and write not in lost:
            lost.append(write)
    return lost
