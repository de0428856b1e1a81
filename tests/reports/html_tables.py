"""The tables and charts of a report page as text, the way a reader (or a screen reader) gets them."""

import re
from html import unescape
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell, self._caption, self._depth_svg = [], None, None, None, 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg":
            self._depth_svg += 1
        if self._depth_svg:
            return
        if tag == "table":
            self.tables.append({"class": attributes.get("class", ""), "caption": "", "rows": []})
        elif tag == "caption" and self.tables:
            self._caption = []
        elif tag == "tr" and self.tables:
            self._row = []
            self.tables[-1]["rows"].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._depth_svg -= 1
        if self._depth_svg:
            return
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._depth_svg:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def tables(html):
    """Every table of the page: [{"class": ..., "rows": [[cell text, ...], ...]}]."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table(html, css_class):
    (found,) = [table for table in tables(html) if css_class in table["class"].split()]
    return found["rows"]


def captioned(html, caption):
    """The rows of the table with this caption."""
    (found,) = [table for table in tables(html) if table["caption"] == caption]
    return found["rows"]


def chart_values(svg):
    """The values a pygal chart draws, in order, as its labels write them."""
    return [unescape(value) for value in re.findall(r'<desc class="value">([^<]*)</desc>', svg)]


def chart_series(svg):
    """The values of each series of a pygal chart, in the order the series were added (a horizontal
    chart draws the last series first)."""
    series, current = {}, None
    for number, value in re.findall(r'class="series serie-(\d+)|<desc class="value">([^<]*)</desc>', svg):
        if number:
            current = series.setdefault(int(number), [])
        elif current is not None:
            current.append(unescape(value))
    return [series[number] for number in sorted(series)]


def charts(html):
    """Every inline chart of the page: {its accessible name: its SVG}."""
    found = re.finditer(r'<svg role="img" aria-label="([^"]*)".*?</svg>', html, flags=re.S)
    return {unescape(match.group(1)): match.group(0) for match in found}
