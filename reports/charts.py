"""Bar charts drawn on the server as SVG (pygal): no script, no CDN, printable, and each beside a
table with the same figures. The chart names itself for a screen reader; the table reads out.

The catalogue's Content-Security-Policy allows no inline style or script, so each chart is drawn
without pygal's <style>, its configuration <script> (for a tooltip script never loaded) and the
tooltip it would drive; reports/static/reports/charts.css holds pygal's rules for every chart (they
share STYLE), written by `stylesheet()`.
"""

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from infrastructures.models import OrganisationFigure
from rii_catalogue.formats import euro

# Dark, distinct colours that survive black-and-white printing and keep 3:1 contrast on white.
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#1d4e89", "#b5470f", "#2f7d32", "#6b3fa0", "#8a6d00", "#00616e"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
    tooltip_font_size=13,
)


# The class pygal gives every chart: the selector of charts.css.
CHART_CLASS = "pygal-chart"
# charts.css colours this many series (a comparison has a series per region); pygal darkens the
# six colours of STYLE for the series after the sixth.
STYLESHEET_SERIES = 24


def count(value):
    return f"{value:.0f}"


def _without_inline_style_or_script(svg):
    defs = svg.find("defs")
    for node in defs.findall("style") + defs.findall("script"):
        defs.remove(node)
    for parent in svg.iter():
        for node in parent.findall("g[@class='plot tooltip-overlay']"):
            parent.remove(node)
    return svg


def stylesheet():
    """The rules pygal writes into each chart, for every chart of STYLE: reports/charts.css."""
    chart = pygal.Bar(style=STYLE, js=[])
    for index in range(STYLESHEET_SERIES):
        chart.add(str(index), [1])
    css = {}

    def keep_css(svg):
        css["text"] = svg.find("defs").find("style").text.replace("#" + svg.get("id"), "." + CHART_CLASS)
        return svg

    chart.add_xml_filter(keep_css)
    chart.render()
    heading = f"/* Written by reports.charts.stylesheet() from pygal {pygal.__version__}: do not edit. */"
    return f"{heading}\n{css['text']}\n"


def bar_chart(title, labels, series, *, value_formatter=count, horizontal=False, stacked=False, height=None):
    """An inline SVG bar chart: `labels` along one axis, one bar per (name, values) of `series`
    (or one bar of stacked parts)."""
    chart_class = {
        (False, False): pygal.Bar,
        (True, False): pygal.HorizontalBar,
        (False, True): pygal.StackedBar,
        (True, True): pygal.HorizontalStackedBar,
    }[horizontal, stacked]
    rows = max(len(labels), 1)
    chart = chart_class(
        style=STYLE,
        js=[],  # pygal would load its tooltip script from a CDN
        disable_xml_declaration=True,
        title=title,
        width=800,
        height=height or (max(300, 60 + 45 * rows * max(len(series), 1)) if horizontal else 420),
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4) or 1,
        show_legend=len(series) > 1,
        print_values=True,
        print_zeroes=False,
        value_formatter=value_formatter,
        truncate_label=-1,
        x_label_rotation=0 if horizontal or len(labels) < 6 else 30,
        min_scale=2,
        max_scale=6,
    )
    if horizontal:  # pygal draws the first label at the bottom; read top-down like the table
        labels, series = labels[::-1], [(name, values[::-1]) for name, values in series]
    chart.x_labels = [str(label) for label in labels]
    for name, values in series:
        chart.add(str(name), [None if value is None else float(value) for value in values])
    chart.add_xml_filter(_without_inline_style_or_script)
    svg = chart.render(is_unicode=True)
    accessible = f'<svg role="img" aria-label="{escape(title)}" '
    # Safe: pygal writes the SVG with etree, which escapes every label.
    return mark_safe(svg.replace("<svg ", accessible, 1))


def _region_series(regions, rows, value=lambda cell: cell):
    """One series per region from table rows of (label, [cell per region])."""
    return [
        (region.name, [value(cells[index]) for _label, cells in rows]) for index, region in enumerate(regions)
    ]


def comparison_charts(comparison):
    """The comparison's charts, each drawing the figures of the table it stands beside."""
    regions = comparison["regions"]
    names = [region.name for region in regions]
    amount = lambda cell: cell.amount  # noqa: E731
    return {
        "by_theme": bar_chart(
            _("Infrastructures by theme"),
            [label for label, _cells in comparison["by_theme"]],
            _region_series(regions, comparison["by_theme"]),
            horizontal=True,
        ),
        "by_kind": bar_chart(
            _("Infrastructures by kind"),
            [label for label, _cells in comparison["by_kind"]],
            _region_series(regions, comparison["by_kind"]),
            horizontal=True,
        ),
        "open_to_smes": bar_chart(
            _("Share of infrastructures open to SMEs (%)"),
            names,
            [(_("Open to SMEs (%)"), comparison["open_to_smes_share"])],
            value_formatter=lambda share: f"{share:.0f} %",
        ),
        "funding_by_programme": bar_chart(
            _("Funding by programme (amounts known)"),
            [label for label, _cells in comparison["funding_by_programme"]],
            _region_series(regions, comparison["funding_by_programme"], amount),
            value_formatter=euro,
            horizontal=True,
        ),
        "funding_by_year": bar_chart(
            _("Funding by first year (amounts known)"),
            [label or _("no year") for label, _cells in comparison["funding_by_year"]],
            _region_series(regions, comparison["funding_by_year"], amount),
            value_formatter=euro,
        ),
        "access": bar_chart(
            _("Access requests and completed accesses"),
            names,
            [
                (_("Requests received"), [figures.received_total for figures in comparison["access"]]),
                (_("Accesses completed"), [figures.completed_total for figures in comparison["access"]]),
                (_("of which by SMEs"), [figures.completed_by_smes for figures in comparison["access"]]),
            ],
        ),
    }


def sme_access_charts(figures):
    sizes = figures["sizes"]
    overall = figures["overall"]
    by_year = figures["by_year"]
    return {
        "by_size": bar_chart(
            _("Requests and completed accesses by company size"),
            [label for _size, label in sizes],
            [
                (_("Requests received"), [overall.received[size] for size, _label in sizes]),
                (_("Accesses completed"), [overall.completed[size] for size, _label in sizes]),
            ],
        ),
        "by_year": bar_chart(
            _("Requests and completed accesses by year"),
            [year for year, _figures in by_year],
            [
                (_("Requests received"), [year_figures.received_total for _year, year_figures in by_year]),
                (_("Accesses completed"), [year_figures.completed_total for _year, year_figures in by_year]),
                (_("of which by SMEs"), [year_figures.completed_by_smes for _year, year_figures in by_year]),
            ],
        ),
    }


def organisation_charts(years, figures):
    """An organisation's funding per year and its curated figures per year."""
    result = {}
    if years:
        result["funding"] = bar_chart(
            _("Funding per year"),
            [year.year for year in years],
            [
                (_("Recurrent operating grant"), [year.recurrent for year in years]),
                (_("One-off operating grant"), [year.one_off for year in years]),
                (_("Other funding"), [year.other for year in years]),
            ],
            value_formatter=euro,
            stacked=True,
            height=360,
        )
    members = [figure for figure in figures if figure.measure in ("members", "sme_members")]
    if members:
        periods = sorted({figure.period for figure in members})
        result["members"] = bar_chart(
            _("Members"),
            periods,
            [
                (label, [_value_for(members, measure, period) for period in periods])
                for measure, label in FIGURE_SERIES
            ],
            height=320,
        )
    return result


FIGURE_SERIES = [
    (OrganisationFigure.Measure.MEMBERS, OrganisationFigure.Measure.MEMBERS.label),
    (OrganisationFigure.Measure.SME_MEMBERS, OrganisationFigure.Measure.SME_MEMBERS.label),
]


def _value_for(figures, measure, period):
    for figure in figures:
        if figure.measure == measure and figure.period == period and not figure.breakdown:
            return figure.value
    return None
