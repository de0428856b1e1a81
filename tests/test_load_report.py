"""The arithmetic behind bin/load's figures (benchmarks/load_report.py): the load itself is run by
hand, not in CI, so what it prints must be right by construction."""

from collections import Counter

import pytest

from benchmarks.load_report import (
    CONNECTION_FAILED,
    Sample,
    Stored,
    Write,
    by_kind,
    lost_writes,
    percentile,
    recovery,
    split_by_outage,
    throughput,
)


def sample(kind, started, status, seconds=0.1):
    return Sample(kind, started, started + seconds, status)


@pytest.mark.parametrize(
    ("share", "expected"), [(50, 50), (95, 95), (99, 99), (100, 100), (1, 1), (0, 1), (99.5, 100)]
)
def test_percentiles_are_nearest_rank(share, expected):
    assert percentile(list(range(100, 0, -1)), share) == expected


def test_a_percentile_of_few_values_is_one_of_them():
    assert percentile([0.3, 0.1, 0.2], 50) == 0.2
    assert percentile([0.3, 0.1, 0.2], 95) == 0.3
    assert percentile([], 50) is None


def test_figures_by_kind_and_overall():
    samples = [
        sample("search", 0, 200, 0.5),
        sample("search", 1, 200, 1.5),
        sample("search", 2, 503, 0.01),
        sample("home", 3, 200, 0.1),
        sample("home", 4, CONNECTION_FAILED, 10),
    ]
    table = by_kind(samples)
    assert list(table) == ["search", "home", "all"]
    assert table["search"].requests == 3
    assert table["search"].p50 == 0.5
    assert table["search"].p99 == 1.5
    assert table["search"].statuses == Counter({200: 2, 503: 1})
    assert table["all"].server_errors == 1
    assert table["all"].connection_failures == 1
    assert table["all"].requests == 5


def test_throughput_counts_answers_not_connection_failures():
    samples = [sample("home", n, 200) for n in range(90)] + [sample("home", 1, CONNECTION_FAILED)] * 30
    assert throughput(samples, 60) == 1.5
    assert throughput([], 0) == 0.0


def test_what_overlapped_the_outage_is_told_apart():
    before = sample("home", 1.0, 200, 0.5)
    hung_into_it = sample("home", 9.0, 500, 2.0)  # started before the stop, ended while down
    during = sample("home", 11.0, 503)
    after = sample("home", 14.5, 200)
    inside, outside = split_by_outage([before, hung_into_it, during, after], down_at=10.0, back_at=13.0)
    assert inside == [hung_into_it, during]
    assert outside == [before, after]


def test_recovery_from_a_timeline_of_samples():
    """Database down at 10 s, back at 13 s. Search fails until 14.0 (its last failure starts then),
    and serves again with the request that starts at 14.2 and ends at 14.5; home serves again at
    13.4; so the first 200 comes 0.4 s after the return and full service 1.5 s after it."""
    samples = [
        sample("home", 9.0, 200),
        sample("search", 9.5, 200),
        sample("home", 10.5, 503),
        sample("search", 11.0, 503),
        sample("home", 13.1, 200, 0.3),  # ends 13.4: the first 200
        sample("search", 13.2, 500, 0.1),
        sample("search", 14.0, CONNECTION_FAILED, 0.1),
        sample("search", 14.2, 200, 0.3),  # ends 14.5
        sample("search", 15.0, 200),
    ]
    result = recovery(samples, back_at=13.0, kinds=["home", "search"])
    assert result.first_ok == pytest.approx(0.4)
    assert result.full_service == pytest.approx(1.5)
    assert result.unrecovered == []


def test_a_kind_that_never_answers_again_means_no_full_service():
    samples = [sample("home", 13.5, 200), sample("api", 13.5, 503), sample("api", 20, 503)]
    result = recovery(samples, back_at=13.0, kinds=["home", "api"])
    assert result.first_ok == pytest.approx(0.6)
    assert result.full_service is None
    assert result.unrecovered == ["api"]


def test_a_catalogue_that_never_failed_recovers_at_its_next_answer():
    samples = [sample("home", 11.0, 200), sample("home", 13.05, 200, 0.05)]
    result = recovery(samples, back_at=13.0, kinds=["home"])
    assert result.first_ok == pytest.approx(0.1)
    assert result.full_service == pytest.approx(0.1)


def test_acknowledged_writes_that_are_stored_are_not_lost():
    writes = [
        Write("entry a", "a1", sent=1, acknowledged=True),
        Write("entry a", "a2", sent=2, acknowledged=True),
        Write("access request", "r1", sent=3, acknowledged=True),
        Write("access request", "r2", sent=4, acknowledged=False),  # not stored: fine, never confirmed
    ]
    stored = Stored(current={"entry a": "a2"}, history={"entry a": {"a0", "a1", "a2"}}, requests={"r1"})
    assert lost_writes(writes, stored) == []


def test_an_acknowledged_request_or_change_missing_from_the_database_is_lost():
    writes = [
        Write("entry a", "a1", sent=1, acknowledged=True),
        Write("access request", "r1", sent=2, acknowledged=True),
    ]
    stored = Stored(current={"entry a": "a0"}, history={"entry a": {"a0"}}, requests=set())
    assert lost_writes(writes, stored) == writes


def test_an_acknowledged_change_undone_by_an_older_value_is_lost():
    """The history holds both, but the entry went back to the first: the second was lost."""
    writes = [
        Write("entry a", "a1", sent=1, acknowledged=True),
        Write("entry a", "a2", sent=2, acknowledged=True),
    ]
    stored = Stored(current={"entry a": "a1"}, history={"entry a": {"a1", "a2"}})
    assert lost_writes(writes, stored) == [writes[1]]


def test_a_later_write_whose_answer_was_lost_may_hold_the_entry():
    """Sent after the last acknowledged one, it may have committed before its connection broke."""
    writes = [
        Write("entry a", "a1", sent=1, acknowledged=True),
        Write("entry a", "a2", sent=2, acknowledged=False),
    ]
    stored = Stored(current={"entry a": "a2"}, history={"entry a": {"a1", "a2"}})
    assert lost_writes(writes, stored) == []
