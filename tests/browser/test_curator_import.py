"""A regional manager imports a spreadsheet in a real browser: upload, watch the check, confirm."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from infrastructures.models import Infrastructure
from regions import roles
from regions.models import Region, RegionAssignment

pytestmark = pytest.mark.browser


def test_a_manager_uploads_watches_the_job_and_confirms(page, catalogue_url, django_user_model, tmp_path):
    manager = django_user_model.objects.create_user("manager", "m@example.com", "pw-for-tests", is_staff=True)
    manager.groups.add(Group.objects.get_or_create(name=roles.REGIONAL_MANAGER)[0])
    RegionAssignment.objects.create(user=manager, region=Region.objects.get(slug="flanders"))
    sheet = tmp_path / "labs.csv"
    sheet.write_text(
        "slug,name_en,kind,owner,region\n"
        "browser-lab,Browser lab,lab,flanders-make,flanders\n"
        "browser-line,Browser line,pilot_line,flanders-make,flanders\n"
    )
    page.goto(catalogue_url + "/admin/login/?next=/curation/import/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("CSV (UTF-8) or XLSX file").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Every row is valid")).to_be_visible()
    expect(page.get_by_text("2 to create, 0 to update.")).to_be_visible()
    assert Axe().run(page).violations_count == 0
    assert not Infrastructure.objects.filter(slug__startswith="browser-").exists()

    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    expect(page.get_by_text("2 created, 0 updated.")).to_be_visible()
    assert set(
        Infrastructure.objects.filter(slug__startswith="browser-").values_list("publication_state", flat=True)
    ) == {"draft"}
