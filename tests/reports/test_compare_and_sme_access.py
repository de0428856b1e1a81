"""Region comparison and SME-access indicators against figures counted by hand from the fixtures;
every chart draws the numbers of the table beside it."""

import pytest
from django.urls import reverse

from access.models import AccessCondition, AccessRequestEvent
from tests import factories
from tests.reports.html_tables import captioned, chart_series, chart_values, charts, table

pytestmark = pytest.mark.django_db

COMPARE = reverse("reports:compare")
SME_ACCESS = reverse("reports:sme-access")
BOTH = {"region": ["flanders", "south-netherlands"]}


def completed(request):
    AccessRequestEvent.objects.create(access_request=request, from_status="accepted", status="completed")


@pytest.fixture
def access(funding):
    """Flanders: a micro company's completed access and a large company's request at published-a, a
    request at the draft; both regions: one small company's one-stop request."""
    cast = funding.cast
    AccessCondition.objects.create(infrastructure=cast.published_a, access_mode="on_site", open_to_smes=True)
    completed(factories.access_request(cast.published_a, company_size="micro"))
    factories.access_request(cast.published_a, company_size="large")
    factories.access_request(cast.draft_a, company_size="small")
    factories.access_request(None, regions=[cast.region_a, cast.region_b], company_size="small")
    return funding


def test_the_comparison_counts_what_the_public_may_see(client, access):
    html = client.get(COMPARE, BOTH).content.decode()
    overview = table(html, "overview")
    assert overview[0] == ["Figure", "Flanders", "South Netherlands"]
    assert overview[1:] == [
        ["Infrastructures", "1", "1"],
        ["Open to SMEs", "1", "0"],
        ["Share open to SMEs", "100 %", "0 %"],
        ["Access requests received", "3", "1"],
        ["Accesses completed", "1", "0"],
        ["of which by SMEs", "1", "0"],
    ]
    assert captioned(html, "Infrastructures by theme")[1:] == [["Photonics", "1", "0"]]
    assert captioned(html, "Infrastructures by kind")[1:] == [["Lab", "1", "1"]]
    by_programme = captioned(html, "Funding by programme")[1:]
    assert by_programme == [
        ["ERDF Flanders 2014-2020", "€9,650,100.54 + 1 record without amount", "€0"],
        ["ERDF South Netherlands 2014-2020", "€0", "€3,000,000.01"],
    ]
    by_year = captioned(html, "Funding by first year")[1:]
    assert by_year[0] == ["2014", "€8,400,000", "€0"] and by_year[-1] == [
        "2020",
        "€0 + 1 record without amount",
        "€0",
    ]


def test_the_authority_compares_drafts_too(client, access):
    client.force_login(access.cast.users["authority"])
    overview = table(client.get(COMPARE, BOTH).content.decode(), "overview")
    assert overview[1] == ["Infrastructures", "2", "2"]
    assert overview[4] == ["Access requests received", "4", "1"]


def test_each_comparison_chart_draws_the_numbers_of_its_table(client, access):
    html = client.get(COMPARE, BOTH).content.decode()
    drawn = charts(html)
    for caption, chart in [
        ("Funding by programme", "Funding by programme (amounts known)"),
        ("Funding by first year", "Funding by first year (amounts known)"),
        ("Infrastructures by theme", "Infrastructures by theme"),
        ("Infrastructures by kind", "Infrastructures by kind"),
    ]:
        rows = captioned(html, caption)[1:]
        per_region = [[row[column].split(" + ")[0] for row in rows] for column in (1, 2)]
        if "first year" not in chart:  # a horizontal chart lists its bars bottom-up
            per_region = [values[::-1] for values in per_region]
        assert chart_series(drawn[chart]) == per_region, chart
    overview = table(html, "overview")
    assert (
        chart_values(drawn["Access requests and completed accesses"])
        == overview[4][1:] + overview[5][1:] + overview[6][1:]
    )
    assert chart_values(drawn["Share of infrastructures open to SMEs (%)"]) == overview[3][1:]


@pytest.mark.parametrize(
    ("query", "message"),
    [({"region": "flanders"}, "two regions or more"), ({"region": ["flanders", "atlantis"]}, "atlantis")],
)
def test_a_comparison_needs_two_known_regions(client, access, query, message):
    response = client.get(COMPARE, query)
    assert response.status_code == 400 and message in response.content.decode()


def test_sme_access_counts_by_size_year_region_and_infrastructure(client, access):
    html = client.get(SME_ACCESS).content.decode()
    by_size = table(html, "by-size")
    assert by_size[1:] == [
        ["Micro (fewer than 10 staff)", "1", "1"],
        ["Small (fewer than 50 staff)", "1", "0"],  # the one-stop request, counted once
        ["Medium (fewer than 250 staff)", "0", "0"],
        ["Large (250 staff or more)", "1", "0"],
        ["All sizes", "3", "1"],
    ]
    regions = captioned(html, "Per region, by company size")
    # Columns: micro, small, medium, large (received, completed each), then all: received, completed, by SMEs.
    assert regions[2:] == [
        ["Flanders", "1", "1", "1", "0", "0", "0", "1", "0", "3", "1", "1"],
        ["South Netherlands", "0", "0", "1", "0", "0", "0", "0", "0", "1", "0", "0"],
    ]
    entries = captioned(html, "Per infrastructure, by company size")
    assert [row[0] for row in entries[2:]] == [
        "Infrastructure " + entries[2][0].split()[-1],
        "One-stop requests (no infrastructure chosen)",
    ]
    assert entries[2][-3:] == ["2", "1", "1"]
    assert "draft-a" not in html


def test_sme_access_chart_draws_its_table(client, access):
    html = client.get(SME_ACCESS).content.decode()
    by_size = table(html, "by-size")[1:-1]
    chart = charts(html)["Requests and completed accesses by company size"]
    assert chart_values(chart) == [row[1] for row in by_size] + [row[2] for row in by_size]


def test_sme_access_narrowed_to_a_region_and_years(client, access):
    html = client.get(
        SME_ACCESS, {"region": "south-netherlands", "year_from": 2000, "year_to": 2100}
    ).content.decode()
    assert table(html, "by-size")[-1] == ["All sizes", "1", "0"]
    response = client.get(SME_ACCESS, {"year_from": 2030, "year_to": 2020})
    assert response.status_code == 400


def test_sme_access_survives_a_request_whose_only_region_was_deleted(client, access):
    from access.models import AccessRequest
    from tests import factories as make

    gone = make.region(slug="gone")
    request = make.access_request(None, regions=[gone], company_size="micro")
    AccessRequest.regions.through.objects.filter(
        accessrequest=request
    ).delete()  # as a region's deletion does
    response = client.get(SME_ACCESS)
    assert response.status_code == 200
    assert table(response.content.decode(), "by-size")[-1] == ["All sizes", "4", "1"]
