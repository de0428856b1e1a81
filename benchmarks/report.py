"""Figures and tables: medians, 95th percentiles and ratios of timed samples, printed as aligned text
and written as Markdown from the same rows. Pure functions, no I/O (tests/test_bench.py)."""

import statistics
from dataclasses import dataclass


def percentile(values, fraction):
    """The value below which `fraction` of `values` lie, interpolated between the two nearest
    ranks (numpy's default): with 20 samples the 95th percentile lies between the 19th and 20th."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True)
class Summary:
    count: int
    median: float
    p95: float

    @classmethod
    def of(cls, values):
        return cls(len(values), statistics.median(values), percentile(values, 0.95))


def ratio(ours, theirs):
    """How many times slower we are (below 1: faster); None when either side has no figure."""
    if ours is None or theirs is None or theirs <= 0:
        return None
    return ours / theirs


def milliseconds(seconds):
    """12.3 below 100 ms, then whole milliseconds with thousands separators: 1,234."""
    if seconds is None:
        return "–"
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def times(value):
    """A ratio: two decimals below 10 (2.35), whole above (569); a dash when there is none."""
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:,.0f}"


def kilobytes(size):
    if size is None:
        return "–"
    value = size / 1024
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def megabytes(size):
    return "–" if size is None else f"{size / 1024 / 1024:,.1f}"


def seconds(value):
    return "–" if value is None else f"{value:,.1f}"


def text_table(header, rows):
    """Columns padded to their widest cell: the first left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells):
        first, *others = (str(cell) for cell in cells)
        return "  ".join(
            [first.ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(others, widths[1:], strict=True))]
        )

    return "\n".join([line(header), "  ".join("-" * width for width in widths), *map(line, rows)])


def markdown_table(header, rows):
    def line(cells):
        return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"

    alignment = ["---", *["---:"] * (len(header) - 1)]
    return "\n".join([line(header), line(alignment), *map(line, rows)])
