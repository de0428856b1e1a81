"""bin/bench's arithmetic and tables (benchmarks/report.py, summary.py, cases.py): the figures a
reader compares across runs must mean what their headings say."""

import pytest

from benchmarks import report, summary
from benchmarks.cases import DATASETTE, OURS, SQL, Case, CaseResult, SideResult, rounds_within
from benchmarks.fetch import Sample
from benchmarks.summary import Run


def test_the_95th_percentile_lies_between_the_two_nearest_ranks():
    values = [n / 1000 for n in range(20, 0, -1)]  # 1 ms to 20 ms, in any order
    assert report.percentile(values, 0.95) == pytest.approx(0.01905)
    assert report.percentile(values, 0.5) == pytest.approx(0.0105)
    assert report.percentile([0.3], 0.95) == 0.3


def test_a_summary_gives_the_median_and_the_95th_percentile():
    figures = report.Summary.of([0.010, 0.012, 0.011, 0.200])
    assert (figures.count, figures.median, figures.p95) == (4, pytest.approx(0.0115), pytest.approx(0.1718))


def test_a_ratio_needs_both_sides():
    assert report.ratio(0.3, 0.1) == pytest.approx(3)
    assert report.ratio(None, 0.1) is None
    assert report.ratio(0.3, None) is None
    assert report.ratio(0.3, 0) is None


def test_figures_are_written_for_people():
    assert report.milliseconds(0.0123) == "12.3"
    assert report.milliseconds(1.2345) == "1,234"
    assert report.milliseconds(None) == "–"
    assert report.times(2.345) == "2.35"
    assert report.times(569.4) == "569"
    assert report.kilobytes(24.6 * 1024 * 1024) == "25,190"


def test_a_slow_case_gets_fewer_rounds_never_none():
    assert rounds_within(120, 0.05, 20) == 20
    assert rounds_within(120, 30, 20) == 4
    assert rounds_within(120, 300, 20) == 1


def test_tables_align_and_markdown_escapes_pipes():
    text = report.text_table(["case", "ms"], [["detail", "3.1"], ["search a|b", "120"]])
    assert text.splitlines()[2:] == ["detail      3.1", "search a|b  120"]
    markdown = report.markdown_table(["case", "ms"], [["search a|b", "120"]])
    assert markdown.splitlines() == ["| case | ms |", "| --- | ---: |", "| search a\\|b | 120 |"]


def _result(name, ours, datasette=None, sql=None):
    def side(totals, error=""):
        return SideResult(samples=[Sample(first_byte=t / 2, total=t, size=2048) for t in totals], error=error)

    sides = {OURS: side(ours)}
    if datasette is not None:
        sides[DATASETTE] = side([], error=datasette) if isinstance(datasette, str) else side(datasette)
    if sql is not None:
        sides[SQL] = side(sql)
    return CaseResult(Case(name, "/path/", []), sides, rounds=len(ours))


def test_each_case_row_gives_ours_and_each_peer_with_the_ratio():
    run = Run("postgresql", 100_000, queries={"detail": {"queries": 7, "status": 200}})
    run.results = [
        _result("detail", ours=[0.020, 0.030, 0.040], datasette=[0.004, 0.005, 0.006], sql=[0.001] * 3),
        _result("map", ours=[0.050], sql=[0.002]),
        _result("csv", ours=[1.0], datasette="HTTP 500"),
    ]
    detail, map_data, csv = summary.case_rows(run)
    assert detail == ["detail", 3, "30.0", "39.0", "2.0", "7", "", "5.0", "5.9", "6.00", "1.0", "1.0", "30"]
    assert map_data[7:10] == ["–", "–", "–"]  # no Datasette peer
    assert csv[7:10] == ["failed: HTTP 500", "", "–"]


def test_queries_per_request_are_side_by_side_for_every_run():
    small = Run("sqlite", 1000, queries={"detail": {"queries": 7, "status": 200}})
    large = Run("sqlite", 100_000, queries={"detail": {"queries": 9, "status": 200}})
    small.results = large.results = [_result("detail", ours=[0.01])]
    header, rows = summary.queries_rows([small, large])
    assert header == ["case", "SQLite 1,000", "SQLite 100,000"]
    assert rows == [["detail", "7", "9"]]
