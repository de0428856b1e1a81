"""The charts under the catalogue's Content-Security-Policy: nothing inline, pygal's rules from a file."""

import re
from pathlib import Path

from reports import charts


def test_a_chart_carries_no_style_or_script_of_its_own():
    svg = charts.bar_chart("Funding", ["2024", "2025"], [("ERDF", [1, 2]), ("Region", [3, 4])])
    assert not re.search(r"<style|<script|\sstyle=", svg)
    assert 'class="pygal-chart"' in svg


def test_the_charts_stylesheet_is_what_pygal_writes_for_the_catalogues_style():
    """After a change of STYLE or of pygal, write the file again:
    python -c "import django; django.setup(); from reports import charts; print(charts.stylesheet(), end='')"
    > reports/static/reports/charts.css (with DJANGO_SETTINGS_MODULE=rii_catalogue.settings_test)."""
    written = Path(charts.__file__).parent / "static" / "reports" / "charts.css"
    assert written.read_text() == charts.stylesheet()
