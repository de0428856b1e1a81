"""A regional curator works in the admin every day, in English and in Dutch: the login page, the
list of infrastructures and an entry's form (new, and a seeded one with its inline rows) pass axe
with no violation of any impact, and the entry's pickers are named for screen readers."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from infrastructures import services
from infrastructures.models import Equipment, Infrastructure
from regions import roles
from regions.models import Region
from tests.rights import make_user

pytestmark = pytest.mark.browser

LANGUAGES = [pytest.param("", id="en"), pytest.param("/nl", id="nl")]
PAGES = "/admin/infrastructures/infrastructure/"

# Django's tabular inline template (admin/edit_inline/tabular.html, which has no blocks) heads two
# columns with an empty <th>: the row's title with its hidden keys ("original"), and the delete
# column of an inline that allows no deleting (the publication log). Filling them means copying the
# whole template, which would freeze Django's inline markup and scripts at 5.2. Only these two
# header cells are left out; every rule still runs on everything else.
DJANGO_EMPTY_HEADERS = {"exclude": [[".tabular th.original"], [".tabular thead th:last-child:empty"]]}


def assert_accessible(page):
    results = Axe().run(page, context=DJANGO_EMPTY_HEADERS)
    assert results.violations_count == 0, results.generate_report()


def log_in(page, url, prefix):
    page.goto(f"{url}{prefix}/admin/login/?next={prefix}/admin/")
    page.locator("#id_username").fill("curator")
    page.locator("#id_password").fill("pw")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(f"{url}{prefix}/admin/")


@pytest.fixture
def entry(catalogue_url):
    """A regional manager of Flanders (password "pw") and a seeded Flanders entry with a funding
    record, an equipment item and a line in its publication log."""
    curator = make_user("curator", role=roles.REGIONAL_MANAGER, regions=[Region.objects.get(slug="flanders")])
    entry = Infrastructure.objects.get(slug="familiar-lommel")
    assert entry.funding_records.exists()
    Equipment.objects.create(infrastructure=entry, name_en="Laser cutter", manufacturer="Trumpf")
    services.infrastructure_transition(
        user=curator, infrastructure=entry, to_state=Infrastructure.PublicationState.DRAFT, origin="admin"
    )
    return entry


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_login_page_has_a_level_one_heading_and_passes_axe(page, catalogue_url, prefix):
    page.goto(f"{catalogue_url}{prefix}/admin/login/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_curators_list_and_forms_pass_axe(page, catalogue_url, entry, prefix):
    log_in(page, catalogue_url, prefix)
    for path in (PAGES, f"{PAGES}add/", f"{PAGES}{entry.pk}/change/"):
        page.goto(f"{catalogue_url}{prefix}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert_accessible(page)
    # A new funding row brings its own pickers and fields.
    page.locator("#funding_records-group .add-row a").click()
    expect(page.locator("#funding_records-1")).to_be_visible()
    assert_accessible(page)


def test_the_entrys_pickers_are_named_for_screen_readers(page, catalogue_url, entry):
    log_in(page, catalogue_url, "")
    page.goto(f"{catalogue_url}{PAGES}{entry.pk}/change/")
    for name in ("Owner", "Operators", "Themes"):
        expect(page.get_by_role("combobox", name=name)).to_have_count(1)
    expect(page.get_by_role("searchbox", name="Themes")).to_have_count(1)
    # In the funding table, a picker and a field are named after their column.
    funding = page.locator("#funding_records-group")
    expect(funding.get_by_role("combobox", name="Programme")).to_have_count(1)
    expect(funding.get_by_role("textbox", name="Project")).to_have_count(1)
