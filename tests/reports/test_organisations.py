"""Funding per organisation per year and its curated figures, reproduced from the seed (004: Flanders
Make's answer on SME access), on the organisation's page and in the funded list."""

from decimal import Decimal

import pytest
from django.urls import reverse

from infrastructures.models import Organisation, OrganisationFigure
from reports.selectors import funding_by_year
from tests.reports.html_tables import chart_values, charts, table

pytestmark = pytest.mark.django_db

# Seed 004, question 8: the yearly operating grant of the Flemish Government, to the euro.
SEED_TABLE = [
    # year, recurrent, one-off, total
    ("2014", "€8,400,000", "€0", "€8,400,000"),
    ("2015", "€8,220,000", "€5,000,000", "€13,220,000"),
    ("2016", "€13,278,000", "€5,000,000", "€18,278,000"),
]


def test_flanders_make_funding_per_year_reproduces_the_seed_table(seed):
    years, unsplit = funding_by_year(Organisation.objects.get(slug="flanders-make").funding_records.all())
    assert [(year.year, year.recurrent, year.one_off, year.operating_grant) for year in years] == [
        (2014, Decimal("8400000"), Decimal("0"), Decimal("8400000")),
        (2015, Decimal("8220000"), Decimal("5000000"), Decimal("13220000")),
        (2016, Decimal("13278000"), Decimal("5000000"), Decimal("18278000")),
    ]
    # "Daarenboven" in 2014: 3.5 million SALK and 5 million Competitiveness Fund, apart from the grant.
    assert years[0].other == Decimal("8500000") and years[0].total == Decimal("16900000")
    # The 8 million ERDF earmarked (no year) and INNO INFRA SHARE (no amount) are listed apart.
    assert {record.programme.slug for record in unsplit} == {
        "erdf-flanders-2014-2020",
        "interreg-europe-2014-2020",
    }


@pytest.mark.parametrize("url", ["/organisations/flanders-make/", "/reports/funding/?owner=flanders-make"])
def test_the_seed_table_is_on_the_organisation_page_and_in_the_funded_list(client, seed, url):
    html = client.get(url).content.decode()
    rows = table(html, "funding-years")
    assert [tuple(row[:3] + row[3:4]) for row in rows[1:]] == SEED_TABLE
    chart = charts(html)["Funding per year"]
    # Stacked parts per year: recurrent, then one-off, then other funding, as the table has them.
    assert chart_values(chart)[:3] == ["€8,400,000", "€8,220,000", "€13,278,000"]


def test_the_seed_table_in_dutch(client, seed):
    html = client.get("/nl/organisations/flanders-make/").content.decode()
    rows = table(html, "funding-years")
    assert rows[3][:4] == ["2016", "€ 13.278.000", "€ 5.000.000", "€ 18.278.000"]


def test_flanders_make_figures_come_from_the_seed_with_their_source(client, seed):
    figures = OrganisationFigure.objects.filter(organisation__slug="flanders-make")
    projects = figures.filter(measure="projects")
    assert projects.get(breakdown_en="").value == 42
    parts = {figure.breakdown_en: figure.value for figure in projects.exclude(breakdown_en="")}
    assert parts == {
        "Interdisciplinary Cooperative Research (ICON)": 30,
        "Strategic Basic Research (SBO)": 8,
        "Infrastructure": 4,
    }
    assert sum(parts.values()) == 42
    assert figures.get(measure="companies").value == 44
    assert figures.get(measure="sme_companies").value == 19
    members = {figure.end_year: figure.value for figure in figures.filter(measure="members")}
    assert members == {2014: 40, 2016: 90}
    assert figures.get(measure="sme_members", end_year=2016).value == 40
    assert all(figure.source for figure in figures)

    html = client.get(reverse("catalogue:organisation", args=["flanders-make"])).content.decode()
    rows = table(html, "organisation-figures")
    cells = [row[:3] for row in rows[1:]]
    assert cells[:3] == [
        ["Member companies", "2014", "40"],
        ["Member companies", "2016", "90"],
        ["of which SMEs", "2016", "40"],
    ]
    projects = cells.index(["Supported projects", "2014–2016", "42"])
    assert cells[projects + 1 : projects + 4] == [
        ["Interdisciplinary Cooperative Research (ICON)", "2014–2016", "30"],
        ["Strategic Basic Research (SBO)", "2014–2016", "8"],
        ["Infrastructure", "2014–2016", "4"],
    ]
    chart = charts(html)["Members"]
    assert chart_values(chart) == ["40", "90", "40"]  # members 2014, 2016; SME members 2016
