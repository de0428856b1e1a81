"""A regional manager imports spreadsheets in a real browser: upload, watch the check, see what will
change, confirm; a file from another system has its columns matched first."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from infrastructures.models import Infrastructure
from regions import roles
from regions.models import Region, RegionAssignment

pytestmark = pytest.mark.browser


def log_in_as_manager(page, catalogue_url, django_user_model):
    manager = django_user_model.objects.create_user("manager", "m@example.com", "pw-for-tests", is_staff=True)
    manager.groups.add(Group.objects.get_or_create(name=roles.REGIONAL_MANAGER)[0])
    RegionAssignment.objects.create(user=manager, region=Region.objects.get(slug="flanders"))
    page.goto(catalogue_url + "/admin/login/?next=/curation/import/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()


def test_a_manager_uploads_watches_the_job_and_confirms(page, catalogue_url, django_user_model, tmp_path):
    log_in_as_manager(page, catalogue_url, django_user_model)
    sheet = tmp_path / "labs.csv"
    sheet.write_text(
        "slug,name_en,kind,owner,region\n"
        "browser-lab,Browser lab,lab,flanders-make,flanders\n"
        "browser-line,Browser line,pilot_line,flanders-make,flanders\n"
    )
    page.get_by_label("CSV or XLSX file").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Every row is valid")).to_be_visible()
    expect(page.get_by_text("2 to create, 0 to update, 0 unchanged.")).to_be_visible()
    assert Axe().run(page).violations_count == 0
    assert not Infrastructure.objects.filter(slug__startswith="browser-").exists()

    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    expect(page.get_by_text("2 created, 0 updated, 0 unchanged.")).to_be_visible()
    assert set(
        Infrastructure.objects.filter(slug__startswith="browser-").values_list("publication_state", flat=True)
    ) == {"draft"}


def test_a_file_from_another_system_is_matched_checked_and_imported(
    page, catalogue_url, django_user_model, tmp_path
):
    log_in_as_manager(page, catalogue_url, django_user_model)
    sheet = tmp_path / "apparatuur.csv"
    # Belgian Excel's "CSV (semicolon)": Windows-1252, semicolons, its own column names.
    sheet.write_bytes(
        "Naam;Omschrijving;Stad;E-mail\n"
        'Proeflijn Brügge;Één pilootlijn voor "laser" lassen;Brugge;lab@example.org\n'.encode("cp1252")
    )
    page.get_by_label("CSV or XLSX file").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Match the columns of your file")).to_be_visible()
    expect(page.get_by_label("Naam")).to_have_value("name_en")
    expect(page.get_by_label("Stad")).to_have_value("city")
    page.get_by_label("Omschrijving").select_option("description_en")
    page.get_by_label("Kind, where the file gives none").select_option("pilot_line")
    page.get_by_label("Owner, where the file gives none").select_option("flanders-make")
    page.get_by_label("Region, where the file gives none").select_option("flanders")
    page.get_by_label("Save this mapping as (optional)").fill("Apparatuurlijst")
    assert Axe().run(page).violations_count == 0
    page.get_by_role("button", name="Check the file with these columns").click()

    expect(page.get_by_role("heading", name="Every row is valid")).to_be_visible()
    expect(page.get_by_text("read as Windows-1252 (detected)")).to_be_visible()
    expect(page.get_by_role("cell", name='Één pilootlijn voor "laser" lassen')).to_be_visible()
    assert Axe().run(page).violations_count == 0
    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    entry = Infrastructure.objects.get(slug="proeflijn-brugge")
    assert (entry.name_en, entry.description_en, entry.kind) == (
        "Proeflijn Brügge",
        'Één pilootlijn voor "laser" lassen',
        "pilot_line",
    )
