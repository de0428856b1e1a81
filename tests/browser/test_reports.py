"""A managing authority reads the reports in a real browser: the funded list of a programme's
priority axis with its totals, the same figures in the CSV and the API, the region comparison's
tables and charts; the public does not see drafts; every report passes axe."""

import csv
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from infrastructures.models import FundingProgramme, FundingRecord, Infrastructure, Organisation, PriorityAxis
from regions import roles
from regions.models import Region
from tests import factories
from tests.rights import make_user

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ERDF_FLANDERS, ERDF_SOUTH_NL = "erdf-flanders-2014-2020", "erdf-south-netherlands-2014-2020"
AXIS_1 = f"/reports/funding/?programme={ERDF_FLANDERS}&priority_axis=1"
COMPARE = "/reports/compare/?region=flanders&region=south-netherlands"


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def fund(entry, programme_slug, amount, eu_amount, axis=None, **fields):
    record = FundingRecord(
        programme=FundingProgramme.objects.get(slug=programme_slug),
        priority_axis=axis,
        infrastructure=entry,
        amount=Decimal(amount),
        eu_amount=Decimal(eu_amount),
        **fields,
    )
    record.full_clean()  # data a curator could have entered
    record.save()
    return record


@pytest.fixture
def funded(catalogue_url):
    """The seed plus ERDF funding: two published Flanders entries and a Flanders draft on axis 1 of
    ERDF Flanders, and a published South Netherlands entry funded by ERDF South Netherlands."""
    flanders, south_nl = Region.objects.get(slug="flanders"), Region.objects.get(slug="south-netherlands")
    axis_1 = PriorityAxis.objects.get(programme__slug=ERDF_FLANDERS, code="1")  # in the seed
    published, draft = Infrastructure.PublicationState.PUBLISHED, Infrastructure.PublicationState.DRAFT
    owner_fl = Organisation.objects.get(slug="flanders-make")
    owner_nl = Organisation.objects.get(slug="holst-centre")

    def entry(name, region, owner, state):
        return factories.infrastructure(name_en=name, region=region, owner=owner, publication_state=state)

    battery = entry("Battery pilot line Genk", flanders, owner_fl, published)
    composites = entry("Composite test lab Ghent", flanders, owner_fl, published)
    hydrogen = entry("Hydrogen test bench Ostend", flanders, owner_fl, draft)
    packaging = entry("Chip packaging lab Eindhoven", south_nl, owner_nl, published)
    fund(battery, ERDF_FLANDERS, "1250000.50", "500000.25", axis_1, project="BATT", start_year=2016)
    fund(composites, ERDF_FLANDERS, "2000000.00", "800000.00", axis_1, project="COMP", start_year=2017)
    fund(hydrogen, ERDF_FLANDERS, "750000.00", "300000.00", axis_1, project="H2", start_year=2018)
    # Cents a float would lose (3000000.07 is 3000000.0699... as a float): the chart must keep them.
    fund(packaging, ERDF_SOUTH_NL, "3000000.07", "1200000.00", project="PACK", start_year=2016)
    return SimpleNamespace(
        url=catalogue_url,
        published=[battery.name, composites.name],
        draft=hydrogen.name,
        axis_1=axis_1,
        public_total=Decimal("3250000.50"),
        authority_total=Decimal("4000000.50"),
        authority_eu_total=Decimal("1600000.25"),
    )


def log_in_as_authority(page, url):
    make_user("authority", role=roles.MANAGING_AUTHORITY)  # password "pw"
    page.goto(url + "/admin/login/")
    page.locator("#id_username").fill("authority")
    page.locator("#id_password").fill("pw")
    page.locator("input[type=submit], button[type=submit]").first.click()


def record_rows(page):
    """{name: badge text or ""} of the records table."""
    rows = {}
    for row in page.locator("table.funding-records tbody tr").all():
        first = row.locator("td").first
        badge = first.locator(".badge")
        rows[first.locator("a").inner_text()] = badge.inner_text() if badge.count() else ""
    return rows


def overall_total(page):
    """The overall row of the totals table: (records, EU share, total amount) as shown."""
    cells = page.locator("table.totals tfoot td").all_inner_texts()
    return cells[0], cells[1], cells[2]


def chart_values(page, title):
    """The values a pygal chart writes, one per bar, as the reader of the SVG gets them."""
    chart = page.locator(f'figure.chart svg[role=img][aria-label="{title}"]')
    expect(chart).to_have_count(1)
    return chart.locator("desc.value").evaluate_all("nodes => nodes.map(node => node.textContent)")


def test_the_authority_lists_an_axis_downloads_it_and_compares_regions(page, funded):
    """The issue's "done when": a managing authority logs in, lists ERDF Flanders axis 1 with its
    draft marked, downloads the same rows and total as CSV, reads them through the API, and finds
    the same amounts in the comparison's table and chart."""
    page.set_viewport_size(LAPTOP)
    log_in_as_authority(page, funded.url)
    expect(page).to_have_url(funded.url + "/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports for managing authorities")

    page.get_by_role("navigation", name="Reports").get_by_role("link", name="Funded list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funded list")
    page.get_by_text("Filters", exact=True).click()  # the filters fold away until used
    page.get_by_label("ERDF Flanders 2014-2020", exact=True).check()
    page.get_by_label("Priority axis").select_option(label=str(funded.axis_1))
    page.get_by_role("button", name="Show").click()

    assert f"programme={ERDF_FLANDERS}" in page.url and f"priority_axis={ERDF_FLANDERS}%3A1" in page.url
    expect(page.get_by_role("heading", name="3 funding records")).to_be_visible()
    assert record_rows(page) == {**dict.fromkeys(funded.published, ""), funded.draft: "Draft"}
    shown = overall_total(page)
    assert shown == ("3", "€1,600,000.25", "€4,000,000.50")
    programme_row = page.locator("table.totals tbody tr")
    expect(programme_row).to_have_count(1)
    expect(programme_row.locator("th")).to_have_text("ERDF Flanders 2014-2020")

    # The CSV of the page's own link: the same records, and its total row is the sum shown.
    with page.expect_download() as download_info:
        page.locator("p.downloads").get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        table = list(csv.DictReader(file))
    records = [row for row in table if row["row"] == "record"]
    assert {row["recipient_name"]: row["publication_state"] for row in records} == {
        **dict.fromkeys(funded.published, "published"),
        funded.draft: "draft",
    }
    assert {(row["programme"], row["priority_axis"]) for row in records} == {(ERDF_FLANDERS, "1")}
    (total,) = [row for row in table if row["row"] == "total"]
    assert Decimal(total["amount"]) == funded.authority_total == sum(Decimal(r["amount"]) for r in records)
    assert Decimal(total["eu_amount"]) == funded.authority_eu_total
    assert shown[2] == f"€{Decimal(total['amount']):,}"  # the page shows the CSV's sum, to the cent

    # The API with the same filters: the same totals for the authority; the public sees no draft.
    api_url = funded.url + f"/api/v1/funding-records/?programme={ERDF_FLANDERS}&priority_axis=1"
    api = page.request.get(api_url)
    assert api.ok, api.text()
    body = api.json()
    assert Decimal(body["totals"]["overall"]["amount"]) == Decimal(total["amount"])
    assert body["totals"]["overall"]["records"] == 3
    assert {row["recipient_name"] for row in body["results"]} == {*funded.published, funded.draft}
    anonymous = page.context.browser.new_context()
    public = anonymous.request.get(api_url).json()
    anonymous.close()
    assert {row["recipient_name"] for row in public["results"]} == set(funded.published)
    assert Decimal(public["totals"]["overall"]["amount"]) == funded.public_total

    # The comparison: ERDF South Netherlands in its table, and the chart draws the table's amounts.
    page.goto(funded.url + COMPARE)
    table = page.get_by_role("table", name="Funding by programme", exact=True)
    south_nl_row = table.locator("tbody tr", has=page.get_by_role("rowheader", name="ERDF South Netherlands"))
    expect(south_nl_row.locator("td")).to_have_text(["€0", "€3,000,000.07"])
    flanders_row = table.locator("tbody tr", has=page.get_by_role("rowheader", name="ERDF Flanders"))
    # The seed's €8,000,000 to Flanders Make, plus this test's €4,000,000.50 (draft included).
    expect(flanders_row.locator("td").first).to_contain_text("€12,000,000.50")
    drawn = chart_values(page, "Funding by programme (amounts known)")
    for amount in ("€3,000,000.07", "€12,000,000.50"):
        assert amount in drawn, drawn
    amounts_in_table = {
        re.match(r"€[\d,.]+", text).group()
        for text in table.locator("tbody td").all_inner_texts()
        if text != "€0"
    }
    assert amounts_in_table <= set(drawn), (amounts_in_table, drawn)


def test_the_public_does_not_see_a_drafts_funding(page, funded):
    """An anonymous visitor's funded list has the published entries only, and totals without the
    draft's money; in Dutch the same totals are written the Dutch way."""
    page.goto(funded.url + AXIS_1)
    expect(page.get_by_role("heading", name="2 funding records")).to_be_visible()
    assert record_rows(page) == dict.fromkeys(funded.published, "")
    expect(page.get_by_text(funded.draft)).to_have_count(0)
    expect(page.locator(".badge-draft")).to_have_count(0)
    assert overall_total(page) == ("2", "€1,300,000.25", "€3,250,000.50")

    page.goto(funded.url + "/nl" + AXIS_1)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert overall_total(page) == ("2", "€ 1.300.000,25", "€ 3.250.000,50")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize(
    "path",
    [
        f"/reports/funding/?programme={ERDF_FLANDERS}&region=flanders",
        "/reports/funding/?owner=flanders-make",
        COMPARE,
        "/nl" + COMPARE,
        "/reports/sme-access/",
        "/organisations/flanders-make/",
    ],
    ids=["funding", "organisation-funding", "compare", "compare-nl", "sme-access", "organisation-page"],
)
def test_each_report_passes_axe(page, funded, path, viewport):
    """Every report, with figures in its tables and charts, has no axe violation on a laptop
    (1366x768) or a phone (390px): a table wider than the screen scrolls by keyboard too."""
    flexlines = Infrastructure.objects.get(slug="flexlines-pilot-line")
    factories.access_request(flexlines, company_size="small")
    factories.access_request(flexlines, company_size="large")
    page.set_viewport_size(viewport)
    page.goto(funded.url + path)
    expect(page.locator("table").first).to_be_visible()
    assert_accessible(page)


def test_the_funded_list_fits_a_phone(page, funded):
    """On a 390px-wide phone the funded list scrolls sideways only inside its tables' scroll boxes:
    the page itself never overflows."""
    page.set_viewport_size(PHONE)
    page.goto(funded.url + f"/reports/funding/?programme={ERDF_FLANDERS}&region=flanders")
    expect(page.locator("table.funding-records")).to_be_visible()
    expect(page.locator("details.filter-panel")).to_have_attribute("open", "")  # the form shown too
    overflowing = page.evaluate(  # named in the failure message: what sticks out, if anything
        """() => [...document.querySelectorAll("body *")]
            .filter(el => !el.closest(".table-scroll"))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))"""
    )
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (widths, overflowing)
    assert overflowing == []
