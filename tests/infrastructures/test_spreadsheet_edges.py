"""The edges a review of the spreadsheet import found, each kept fixed: values that must come back
as they were stored, cells that must be refused with a reason (never a failed job), and checks that
must hold whichever sheet changes an entry."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from access.models import AccessCondition
from infrastructures import services
from infrastructures.models import Equipment, Infrastructure, Job
from regions.models import Region
from tests.infrastructures.test_spreadsheets import csv_file, export, new_row, rows_of, stored_state
from tests.rights import make_cast
from tests.uploads import confirm, page_text, run_after_commit, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db, client):
    cast = make_cast()
    client.force_login(cast.users["manager_a"])
    return cast


def workbook(sheets):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems():
    return {
        (error["sheet"], error["line"], error["column"]): error for error in Job.objects.latest("pk").errors
    }


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_values_that_look_like_markers_or_hold_long_text_come_back_as_stored(client, cast, file_format):
    long_text = "Lange beschrijving. " * 2500  # 50,000 characters: more than a workbook cell holds
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.draft_a,
        data={"summary_en": "[clear]", "name_nl": " [clear] ", "acronym": "'-5", "description_en": long_text},
        origin="admin",
    )
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.published_a,
        data={"access_conditions": [{"access_mode": "wide", "lead_time_days": 0}]},
        origin="admin",
    )
    before = stored_state()
    content = export(client, file_format)
    page = upload(client, content, f"catalogue.{file_format}")
    text = page.content.decode()
    assert "0 to create, 0 to update, 2 unchanged" in text, page_text(page)
    if file_format == "xlsx":
        assert "the stored text is kept" in text  # the workbook held only the first 32,767 characters
    with run_after_commit():
        client.post(Job.objects.latest("pk").get_absolute_url())
    assert stored_state() == before
    entry = Infrastructure.objects.get(pk=cast.draft_a.pk)
    assert (entry.summary_en, entry.name_nl, entry.acronym, entry.description_en) == (
        "[clear]",
        " [clear] ",
        "'-5",
        long_text,
    )


def test_columns_a_sheet_does_not_have_are_refused_not_ignored(client, cast):
    Equipment.objects.create(infrastructure=cast.draft_a, name_en="Laser", manufacturer="Light Co")
    content = csv_file(
        [["infrastructure", "name_en", "description", "Manufacturer"], ["draft-a", "Laser", "", ""]]
    )
    page = upload(client, content, "equipment.csv")
    assert page.status_code == 400 and "no such columns" in page.content.decode()
    assert ("equipment", 1, "description, Manufacturer") in problems()
    assert Equipment.objects.get(infrastructure=cast.draft_a).manufacturer == "Light Co"


def test_a_column_name_given_twice_is_refused(client, cast):
    page = upload(client, b"slug,name_en,city,city\ndraft-a,X,Gent,\n")
    assert page.status_code == 400 and "appear more than once" in page.content.decode()
    assert ("infrastructures", 1, "city") in problems()


@pytest.mark.parametrize(
    "column, value, stored",
    [
        ("last_reviewed_on", "2026-11-01", date(2026, 11, 1)),
        ("last_reviewed_on", "1/11/2026", date(2026, 11, 1)),
        ("last_reviewed_on", "01-11-2026", date(2026, 11, 1)),
        ("last_reviewed_on", "2026-11-01 00:00:00", date(2026, 11, 1)),
        ("latitude", "51,2306", Decimal("51.2306")),
        ("trl_min", "3", 3),
    ],
)
def test_dates_and_numbers_as_people_type_them(client, cast, column, value, stored):
    extra = {"longitude": "5.3"} if column == "latitude" else {}
    page = upload(client, csv_file(rows_of(new_row("typed", **{column: value}, **extra))))
    confirm(client, page)
    assert getattr(Infrastructure.objects.get(slug="typed"), column) == stored


@pytest.mark.parametrize(
    "column, value",
    [
        ("last_reviewed_on", "2026-01-01xyz"),
        ("last_reviewed_on", "2026-01-011"),
        ("last_reviewed_on", "31/02/2026"),
        ("latitude", "NaN"),
        ("latitude", "sNaN"),
        ("latitude", "Infinity"),
        ("latitude", "1e9999999999"),
        ("trl_min", "1e5000"),
        ("trl_min", "1e1000000"),
        ("version", "1e1000000"),
    ],
)
def test_impossible_values_are_refused_naming_the_cell_and_the_job_never_breaks(client, cast, column, value):
    extra = {"longitude": "5.3"} if column == "latitude" else {}
    page = upload(
        client, csv_file(rows_of(new_row("draft-a", name_en="Changed", **{column: value}, **extra)))
    )
    assert page.status_code == 400, page_text(page)
    assert "failed unexpectedly" not in page.content.decode()
    assert problems()[("infrastructures", 2, column)]["value"]


def test_a_workbook_number_in_a_text_column_reads_as_the_sheet_shows_it(client, cast):
    content = workbook(
        {
            "infrastructures": [
                ["slug", "contact_phone", "postal_code"],
                ["draft-a", 3292640000, 1.23456789012346e19],
            ]
        }
    )
    confirm(client, upload(client, content, "numbers.xlsx"))
    entry = Infrastructure.objects.get(slug="draft-a")
    assert (entry.contact_phone, entry.postal_code) == ("3292640000", "12345678901234600000")


def test_changing_only_the_equipment_of_another_regions_entry_is_refused_at_the_check(client, cast):
    content = workbook({
        "infrastructures": [["slug", "name_en"], ["published-b", cast.published_b.name_en]],
        "equipment": [["infrastructure", "name_en"], ["published-b", "Planted microscope"]],
    })  # fmt: skip
    page = upload(client, content, "other-region.xlsx")
    assert page.status_code == 400 and "belongs to a region you do not manage" in page.content.decode()
    assert not Equipment.objects.filter(name_en="Planted microscope").exists()


def test_a_stale_version_is_refused_when_only_a_related_sheet_changes(client, cast):
    content = workbook({
        "infrastructures": [["slug", "version"], ["draft-a", cast.draft_a.version]],
        "equipment": [["infrastructure", "name_en"], ["draft-a", "New microscope"]],
    })  # fmt: skip
    services.infrastructure_update(
        user=cast.users["superuser"], infrastructure=cast.draft_a, data={"city": "Hasselt"}, origin="admin"
    )
    page = upload(client, content, "stale.xlsx")
    assert page.status_code == 400 and "after this file was exported" in page.content.decode()


def test_prices_edit_in_their_own_csv_file(client, cast):
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.draft_a,
        data={"access_conditions": [{"access_mode": "market_driven", "prices": [
            {"tier": "sme", "unit": "day", "amount_from": Decimal("850.00"), "on_quote": False}]}]},
        origin="admin",
    )  # fmt: skip
    content = export(client, table="prices").decode("utf-8-sig")
    assert "unchanged" in upload(client, content.encode(), "infrastructures-prices.csv").content.decode()
    page = upload(client, content.replace("850.00", "900.00").encode(), "infrastructures-prices.csv")
    assert "<code>access_conditions[1].prices</code>" in page.content.decode(), page_text(page)
    confirm(client, page)
    condition = AccessCondition.objects.get(infrastructure=cast.draft_a)
    assert (condition.access_mode, [p.amount_from for p in condition.prices.all()]) == (
        "market_driven",
        [Decimal("900.00")],
    )


def test_an_older_regions_sheet_is_left_as_it_is_for_a_manager(client, cast):
    Region.objects.filter(slug="flanders").update(managing_authority_en="Agentschap Innoveren en Ondernemen")
    content = export(client, "xlsx")
    Region.objects.filter(slug="flanders").update(managing_authority_en="Agentschap Innoveren & Ondernemen")
    book = load_workbook(io.BytesIO(content))
    book["infrastructures"].cell(row=2, column=4).value = "ACR"  # acronym of the first entry
    buffer = io.BytesIO()
    book.save(buffer)
    page = upload(client, buffer.getvalue(), "older.xlsx")
    assert "Only administrators change regions: this row is left as it is." in page.content.decode()
    confirm(client, page)
    assert Region.objects.get(slug="flanders").managing_authority_en == "Agentschap Innoveren & Ondernemen"
    assert Infrastructure.objects.filter(acronym="ACR").count() == 1


def test_reading_a_file_in_another_encoding_matches_its_columns_again(client, cast):
    content = "Société;Naam\nowner-a;Labo één\n".encode("cp1252")
    upload(client, content, "foreign.csv")
    job = Job.objects.get()
    with run_after_commit():
        client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "mac_roman"})
    job.refresh_from_db()
    misread = job.parameters["header"][0]
    form = {"rows_are": "infrastructures", "column_0": "owner", "column_1": "name_en"}
    with run_after_commit():
        client.post(reverse("curation:job-recheck", args=[job.pk]), form)
    with run_after_commit():
        client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "cp1252"})
    job.refresh_from_db()
    assert job.state == "mapping" and job.parameters["header"] == ["Société", "Naam"] != [misread, "Naam"]


def test_a_web_address_without_its_scheme_is_taken_as_https_and_said(client, cast):
    page = upload(client, csv_file(rows_of(new_row("bare-web", website="www.example.be/lab"))))
    assert "“https://” was added to this web address." in page.content.decode()
    confirm(client, page)
    assert Infrastructure.objects.get(slug="bare-web").website == "https://www.example.be/lab"


def test_changes_to_an_entry_named_only_on_a_related_sheet_point_at_that_sheet(client, cast):
    content = csv_file([["infrastructure", "name_en"], ["draft-a", "Microscope"]])
    page = upload(client, content, "equipment.csv").content.decode()
    assert '<td rowspan="1">equipment</td><td rowspan="1">2</td>' in page


# Found by the second review.


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_escapes_spaces_and_control_characters_in_stored_text_survive_the_round_trip(
    client, cast, file_format
):
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.draft_a,
        data={
            "summary_en": "_x005F_x0041_ and _x000D_",
            "keywords": "a\x85b",
            "equipment": [
                {"name_en": "  ", "description_en": "  "},
                {"name_en": "Laser", "manufacturer": " "},
            ],
        },
        origin="admin",
    )
    before = stored_state()
    page = upload(client, export(client, file_format), f"catalogue.{file_format}")
    assert "0 to create, 0 to update, 2 unchanged" in page.content.decode(), page_text(page)
    assert stored_state() == before


def test_a_long_text_edited_in_a_workbook_is_refused_not_cut(client, cast):
    long_text = "Woord " * 10_000
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.draft_a,
        data={"description_en": long_text},
        origin="admin",
    )
    book = load_workbook(io.BytesIO(export(client, "xlsx")))
    sheet = book["infrastructures"]
    column = [cell.value for cell in sheet[1]].index("description_en") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "draft-a")
    sheet.cell(row=row, column=column).value = "Wort" + sheet.cell(row=row, column=column).value[4:]
    buffer = io.BytesIO()
    book.save(buffer)
    page = upload(client, buffer.getvalue(), "edited.xlsx")
    assert (
        page.status_code == 400 and "edit it in a CSV file, or it would lose its end" in page.content.decode()
    )
    assert Infrastructure.objects.get(pk=cast.draft_a.pk).description_en == long_text


@pytest.mark.parametrize(
    "sheet, header, row, column",
    [
        ("funding", ["infrastructure", "programme", "amount"], ["draft-a", "[clear]", "10"], "programme"),
        ("access_conditions", ["infrastructure", "condition"], ["draft-a", "[clear]"], "condition"),
        ("equipment", ["infrastructure", "name_en"], ["draft-a", "[clear]"], "name_en"),
    ],
)
def test_the_clear_marker_on_a_related_sheet_empties_the_field_and_required_ones_are_refused(
    client, cast, sheet, header, row, column
):
    page = upload(client, workbook({sheet: [header, row]}), "related.xlsx")
    assert page.status_code == 400 and "failed unexpectedly" not in page.content.decode()
    assert problems()[(sheet, 2, column)]["message"] == "A value is required."


def test_cleared_forms_of_access_are_an_empty_list(client, cast):
    rows = [["infrastructure", "condition", "forms_of_access"], ["draft-a", 1, "[clear]"]]
    confirm(client, upload(client, workbook({"access_conditions": rows}), "conditions.xlsx"))
    condition = AccessCondition.objects.get(infrastructure=cast.draft_a)
    assert list(condition.forms_of_access.all()) == []


def test_an_unreadable_workbook_cell_is_a_reason_not_a_failed_job(client, cast):
    import re
    import zipfile

    content = workbook({"infrastructures": [["slug", "trl_min"], ["draft-a", 3]]})
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<v>3</v>", b"<v>abc</v>", data)
            target.writestr(item, data)
    page = upload(client, buffer.getvalue(), "broken.xlsx")
    assert page.status_code == 400 and "a cell that cannot be read" in page.content.decode()


def test_funding_is_checked_against_the_region_the_entry_moves_to(client, cast):
    programme = factories_programme(cast)
    content = workbook({
        "infrastructures": [["slug", "region", "owner"], ["draft-a", "south-netherlands", "owner-b"]],
        "funding": [["infrastructure", "programme", "amount"], ["draft-a", programme.slug, "100"]],
    })  # fmt: skip
    client.force_login(cast.users["superuser"])
    page = upload(client, content, "move.xlsx")
    assert page.status_code == 400 and "funds only entries of Flanders" in page.content.decode()
    assert ("funding", 2, "programme") in problems()


def factories_programme(cast):
    from tests import factories

    return factories.programme(slug="erdf-flanders", region=cast.region_a)


def test_a_file_refused_for_its_encoding_can_be_read_again_in_another(client, cast):
    content = "slug;name_en\ndraft-a;Gént\n".encode("cp1252")
    upload(client, content)
    job = Job.objects.get()
    with run_after_commit():
        client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "utf-8"})
    job.refresh_from_db()
    assert job.state == "failed" and job.upload  # kept, so that the curator can choose again
    with run_after_commit():
        response = client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "cp1252"})
    assert "Gént" in client.get(response["Location"]).content.decode()


def test_removing_one_item_reads_as_one_removal(client, cast):
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.draft_a,
        data={"equipment": [{"name_en": name} for name in ("Alpha", "Beta", "Gamma")]},
        origin="admin",
    )
    rows = list(csv.reader(io.StringIO(export(client, table="equipment").decode("utf-8-sig"))))
    content = csv_file([rows[0], *(row for row in rows[1:] if row[1] != "Alpha")])
    page = upload(client, content, "infrastructures-equipment.csv").content.decode()
    assert "<code>equipment[1]</code>" in page and "name_en: Alpha" in page
    assert "equipment[2]" not in page and "equipment[3]" not in page


def test_sheet_names_are_read_whatever_their_capitals_and_spaces_and_twins_are_refused(client, cast):
    rows = [["infrastructure", "name_en"], ["draft-a", "Microscope"]]
    page = upload(client, workbook({"Equipment ": rows}), "named.xlsx")
    assert "1 to update" in page.content.decode(), page_text(page)
    page = upload(client, workbook({"equipment": rows, "Equipment ": rows}), "twins.xlsx")
    assert page.status_code == 400 and "Two sheets have the same name" in page.content.decode()


def test_a_slug_in_other_capitals_names_the_stored_entry(client, cast):
    page = upload(client, csv_file([["slug", "city"], ["Draft-A", "Kortrijk"]]))
    assert "0 to create, 1 to update" in page.content.decode(), page_text(page)
    confirm(client, page)
    assert Infrastructure.objects.get(pk=cast.draft_a.pk).city == "Kortrijk"
    assert not Infrastructure.objects.filter(slug="Draft-A").exists()


def test_a_new_entrys_funding_is_checked_against_its_region(client, cast):
    from tests import factories

    programme = factories.programme(slug="erdf-south-netherlands", region=cast.region_b)
    content = workbook({
        "infrastructures": [
            ["slug", "name_en", "kind", "owner", "region"],
            ["new-lab", "New lab", "lab", "owner-a", "flanders"],
        ],
        "funding": [["infrastructure", "programme", "amount"], ["new-lab", programme.slug, "100"]],
    })  # fmt: skip
    page = upload(client, content, "new.xlsx")
    assert page.status_code == 400 and "funds only entries of South Netherlands" in page.content.decode()
    assert ("funding", 2, "programme") in problems()
