"""Equipment as a record of its own: the fields the instrument standards ask for (identifier with its
type, landing page) go through the spreadsheets both ways, the detail page shows and links each item
where the API and the downloads point (#equipment-<id>), the admin edits them, and an SME finds an
entry by the make or model of an instrument."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from infrastructures import services
from infrastructures.models import Equipment, Infrastructure, Job, Tombstone
from infrastructures.search import search
from tests import factories
from tests.admin_forms import add_inline_row, form_data
from tests.rights import make_cast
from tests.uploads import confirm, page_text, run_after_commit, upload

pytestmark = pytest.mark.django_db

MICROSCOPE = {
    "name_en": "Confocal microscope",
    "name_nl": "Confocale microscoop",
    "description_en": "Live-cell imaging",
    "manufacturer": "Zeiss",
    "model_number": "LSM 980",
    "identifier": "10.5281/zenodo.1234567",
    "identifier_type": "doi",
    "landing_page": "https://example.org/instruments/lsm-980",
}
PROBER = {
    "name_en": "Wafer prober",
    "manufacturer": "FormFactor",
    "model_number": "CM300",
    "identifier": "SN-4471",
    "identifier_type": "serial_number",
}
CLEAN_ROOM = {"name_en": "Clean room", "description_en": "ISO 5, 200 m²"}


@pytest.fixture
def cast(db):
    cast = make_cast()
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.published_a,
        data={"equipment": [MICROSCOPE, PROBER, CLEAN_ROOM]},
        origin="admin",
    )
    return cast


@pytest.fixture
def manager(client, cast):
    client.force_login(cast.users["manager_a"])
    return cast.users["manager_a"]


def export(client, file_format="csv", table=None):
    response = client.get(reverse("curation:export", args=[file_format]), {"table": table} if table else {})
    assert response.status_code == 200
    return response.content if file_format == "xlsx" else b"".join(response.streaming_content)


def equipment_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def csv_bytes(rows):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def stored_equipment():
    """Every column of every item, and how many history rows and tombstones there are."""
    return (
        sorted(map(repr, Equipment.objects.values_list())),
        Equipment.history.count(),
        Tombstone.objects.count(),
    )


# The spreadsheets


def test_the_equipment_sheet_exports_the_identifier_its_type_by_code_and_the_landing_page(manager, client):
    rows = equipment_rows(export(client, table="equipment"))
    assert list(rows[0])[-3:] == ["identifier", "identifier_type", "landing_page"]
    microscope = next(row for row in rows if row["name_en"] == "Confocal microscope")
    assert (microscope["identifier"], microscope["identifier_type"], microscope["landing_page"]) == (
        "10.5281/zenodo.1234567",
        "doi",
        "https://example.org/instruments/lsm-980",
    )
    clean_room = next(row for row in rows if row["name_en"] == "Clean room")
    assert (clean_room["identifier"], clean_room["identifier_type"], clean_room["landing_page"]) == (
        "",
        "",
        "",
    )


def test_the_template_documents_the_new_columns_with_the_identifier_types(manager, client):
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("curation:import-template", args=["xlsx"])).content)
    )
    notes = {
        (row[0], row[1]): row[3]
        for row in workbook["columns"].iter_rows(min_row=2, values_only=True)
        if row[0]
    }
    assert "DOI" in notes[("equipment", "identifier")]
    assert "doi (DOI)" in notes[("equipment", "identifier_type")]
    assert "serial_number (Manufacturer's serial number)" in notes[("equipment", "identifier_type")]
    assert notes[("equipment", "landing_page")]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_imported_again_changes_no_item(manager, client, cast, file_format):
    """Not its id, not a column, not its history; a published entry's items leave no tombstone."""
    before = stored_equipment()
    if file_format == "xlsx":
        page = upload(client, export(client, "xlsx"), "infrastructures.xlsx")
    else:
        page = upload(client, export(client, table="equipment"), "infrastructures-equipment.csv")
    assert "0 to create, 0 to update" in page.content.decode(), page_text(page)
    with run_after_commit():
        client.post(Job.objects.latest("pk").get_absolute_url())
    assert stored_equipment() == before


def test_an_item_changed_in_the_file_keeps_its_row_and_the_others_are_untouched(manager, client, cast):
    ids = dict(Equipment.objects.values_list("name_en", "pk"))
    versions = dict(Equipment.objects.values_list("name_en", "version"))
    history = Equipment.history.count()
    rows = equipment_rows(export(client, table="equipment"))
    for row in rows:
        if row["name_en"] == "Wafer prober":
            row["model_number"] = "CM300xi"
    page = upload(client, csv_bytes(rows), "infrastructures-equipment.csv")
    text = page.content.decode()
    assert "0 to create, 1 to update" in text, page_text(page)
    assert "<del>CM300</del>" in text and "<ins>CM300xi</ins>" in text  # shown before it is saved
    confirm(client, page)
    assert dict(Equipment.objects.values_list("name_en", "pk")) == ids
    assert Equipment.objects.get(pk=ids["Wafer prober"]).model_number == "CM300xi"
    assert dict(Equipment.objects.values_list("name_en", "version")) == {
        **versions,
        "Wafer prober": versions["Wafer prober"] + 1,
    }
    assert Equipment.history.count() == history + 1  # one item changed: one history row
    assert not Tombstone.objects.filter(record_type=Tombstone.RecordType.EQUIPMENT).exists()


def test_an_identifier_added_in_the_file_is_stored_with_its_type_named_by_code_or_name(manager, client, cast):
    rows = equipment_rows(export(client, table="equipment"))
    for row in rows:
        if row["name_en"] == "Clean room":
            row |= {"identifier": "INV-2024-0042", "identifier_type": "inventory number"}
        if row["name_en"] == "Wafer prober":
            row |= {
                "identifier": "10.1234/cm300",
                "identifier_type": "DOI",
                "landing_page": "example.org/prober",
            }
    page = upload(client, csv_bytes(rows), "infrastructures-equipment.csv")
    text = page.content.decode()
    assert "0 to create, 1 to update" in text, page_text(page)
    assert "“https://” was added to this web address." in text  # as for the other web addresses
    confirm(client, page)
    clean_room = Equipment.objects.get(name_en="Clean room")
    assert (clean_room.identifier, clean_room.identifier_type) == ("INV-2024-0042", "inventory_number")
    prober = Equipment.objects.get(name_en="Wafer prober")
    assert (prober.identifier, prober.identifier_type, prober.landing_page) == (
        "10.1234/cm300",
        "doi",
        "https://example.org/prober",
    )


def test_an_identifier_without_its_type_or_a_type_without_identifier_is_refused_on_its_row(
    manager, client, cast
):
    rows = equipment_rows(export(client, table="equipment"))
    for row in rows:
        if row["name_en"] == "Clean room":
            row["identifier"] = "INV-2024-0042"  # no type
        if row["name_en"] == "Wafer prober":
            row["identifier"] = ""  # a type, no identifier
        if row["name_en"] == "Confocal microscope":
            row |= {"identifier_type": "isbn", "landing_page": "not a web address"}
    lines = {row["name_en"]: line for line, row in enumerate(rows, start=2)}
    before = stored_equipment()
    page = upload(client, csv_bytes(rows), "infrastructures-equipment.csv")
    assert page.status_code == 400
    problems = {
        (error["sheet"], error["line"], error["column"]): error for error in Job.objects.latest("pk").errors
    }
    assert (
        problems[("equipment", lines["Clean room"], "identifier_type")]["message"]
        == "Say what kind of identifier this is."
    )
    assert (
        problems[("equipment", lines["Wafer prober"], "identifier")]["message"]
        == "Give the identifier, or no type."
    )
    unknown = problems[("equipment", lines["Confocal microscope"], "identifier_type")]
    assert unknown["value"] == "isbn" and "DOI" in unknown["message"]  # the choices it takes
    assert ("equipment", lines["Confocal microscope"], "landing_page") in problems
    text = page.content.decode()
    assert "Say what kind of identifier this is." in text and "Give the identifier, or no type." in text
    assert stored_equipment() == before


@pytest.mark.parametrize("change", ["identifier added", "one of two namesakes changed"])
def test_an_item_edited_in_the_file_keeps_its_id_whatever_changed(manager, client, cast, change):
    if change == "one of two namesakes changed":
        services.infrastructure_update(
            user=cast.users["superuser"],
            infrastructure=cast.published_a,
            data={"equipment": [MICROSCOPE, PROBER, CLEAN_ROOM, {**CLEAN_ROOM, "description_en": "ISO 7"}]},
            origin="admin",
        )
    ids = sorted(Equipment.objects.values_list("pk", flat=True))
    rows = equipment_rows(export(client, table="equipment"))
    for row in rows:
        if row["name_en"] == "Clean room" and change == "identifier added":
            row |= {"identifier": "INV-2024-0042", "identifier_type": "inventory_number"}
        if row["description_en"] == "ISO 7":
            row["description_en"] = "ISO 6"
    confirm(client, upload(client, csv_bytes(rows), "infrastructures-equipment.csv"))
    assert sorted(Equipment.objects.values_list("pk", flat=True)) == ids
    assert not Tombstone.objects.filter(record_type=Tombstone.RecordType.EQUIPMENT).exists()


# The list given whole (an entry's nested equipment in the API and the import)


def test_unchanged_items_given_in_another_order_keep_their_ids(cast):
    """Two instruments of the same name, listed the other way round, each keep their id (and version):
    a harvester's copy of each id still describes the same instrument."""
    zeiss = {"name_en": "Microscope", "manufacturer": "Zeiss", "model_number": "LSM 980"}
    nikon = {"name_en": "Microscope", "manufacturer": "Nikon", "model_number": "A1"}

    def put(items):
        services.infrastructure_update(
            user=cast.users["superuser"],
            infrastructure=cast.published_a,
            data={"equipment": items},
            origin="api",
        )
        return {item.manufacturer: (item.pk, item.version) for item in cast.published_a.equipment.all()}

    before = put([zeiss, nikon])
    assert put([nikon, zeiss]) == before


# The detail page


def equipment_section(response):
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('aria-labelledby="equipment-heading"')
    return page[start : page.index("</section>", start)]


def item_html(section, item):
    start = section.index(f'<li id="equipment-{item.pk}">')
    return section[start : section.index("</li>", start)]


def test_each_item_has_its_anchor_its_facts_and_its_identifier_resolved(client, cast):
    entry = cast.published_a
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=entry,
        data={
            "equipment": [
                MICROSCOPE,
                PROBER,
                CLEAN_ROOM,
                {"name_en": "Repository", "identifier": "20.500.12345/678", "identifier_type": "handle"},
                {"name_en": "Sensor", "identifier": "https://example.org/sensor/7", "identifier_type": "url"},
                {"name_en": "Probe", "identifier": "javascript:alert(1)", "identifier_type": "url"},
                {"name_en": "Archive", "identifier": "ark:/12148/btv1b8449691v", "identifier_type": "ark"},
            ]
        },
        origin="admin",
    )
    section = equipment_section(client.get(entry.get_absolute_url()))
    items = {item.name_en: item for item in entry.equipment.all()}
    assert section.count('<li id="equipment-') == 7
    microscope = item_html(section, items["Confocal microscope"])
    assert "<h3>Confocal microscope</h3>" in microscope and "Live-cell imaging" in microscope
    assert (
        "<dt>Manufacturer</dt><dd>Zeiss</dd>" in microscope and "<dt>Model</dt><dd>LSM 980</dd>" in microscope
    )
    assert (
        '<a href="https://doi.org/10.5281/zenodo.1234567" rel="noopener">10.5281/zenodo.1234567</a> (DOI)'
        in microscope
    )
    assert '<a href="https://example.org/instruments/lsm-980" rel="noopener">' in microscope
    assert '<a href="https://hdl.handle.net/20.500.12345/678"' in item_html(section, items["Repository"])
    assert '<a href="https://example.org/sensor/7"' in item_html(section, items["Sensor"])
    prober = item_html(section, items["Wafer prober"])
    assert "SN-4471 (Manufacturer&#x27;s serial number)" in prober and "<a " not in prober
    assert "ark:/12148/btv1b8449691v (ARK)" in item_html(section, items["Archive"])
    probe = item_html(section, items["Probe"])
    assert "javascript:alert(1) (URL)" in probe and "<a " not in probe  # not a web address: text only
    clean_room = item_html(section, items["Clean room"])
    assert "<dl>" not in clean_room  # no facts, no empty list of them


def test_the_dutch_page_shows_the_items_dutch_names_at_the_same_anchors(client, cast):
    microscope = Equipment.objects.get(name_en="Confocal microscope")
    response = client.get(f"/nl{cast.published_a.get_absolute_url()}")
    item = item_html(equipment_section(response), microscope)
    assert "<h3>Confocale microscoop</h3>" in item and "https://doi.org/10.5281/zenodo.1234567" in item


def test_the_detail_page_costs_the_same_queries_however_many_items(client, cast):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(cast.published_a.get_absolute_url()).status_code == 200
        return len(captured)

    three = queries()
    for n in range(10):
        Equipment.objects.create(infrastructure=cast.published_a, name_en=f"Item {n}", manufacturer="Acme")
    assert queries() == three


# The admin


def entry_change_url(entry):
    return reverse("admin:infrastructures_infrastructure_change", args=[entry.pk])


def test_the_entrys_equipment_rows_show_and_save_the_identifier_and_landing_page(client, cast):
    client.force_login(cast.users["manager_a"])
    response = client.get(entry_change_url(cast.published_a))
    page = response.content.decode()
    assert "Identifier and landing page" in page
    data = form_data(response)
    index = next(
        key.split("-")[1] for key, value in data.items() if key.endswith("-name_en") and value == "Clean room"
    )
    clean_room = Equipment.objects.get(name_en="Clean room")
    assert data[f"equipment-{index}-id"] == str(clean_room.pk)
    data |= {
        f"equipment-{index}-identifier": "INV-2024-0042",
        f"equipment-{index}-identifier_type": "inventory_number",
        f"equipment-{index}-landing_page": "https://example.org/clean-room",
    }
    add_inline_row(
        data, "equipment", name_en="Laser", identifier="10.1234/laser", identifier_type="doi", seen_version=""
    )
    response = client.post(entry_change_url(cast.published_a), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    clean_room.refresh_from_db()
    assert (clean_room.identifier, clean_room.identifier_type, clean_room.landing_page) == (
        "INV-2024-0042",
        "inventory_number",
        "https://example.org/clean-room",
    )
    laser = Equipment.objects.get(name_en="Laser")
    assert (laser.infrastructure, laser.identifier, laser.identifier_type) == (
        cast.published_a,
        "10.1234/laser",
        "doi",
    )


def test_an_identifier_without_its_type_in_the_admin_is_an_error_shown_unfolded(client, cast):
    client.force_login(cast.users["manager_a"])
    data = form_data(client.get(entry_change_url(cast.published_a)))
    index = next(
        key.split("-")[1] for key, value in data.items() if key.endswith("-name_en") and value == "Clean room"
    )
    data[f"equipment-{index}-identifier"] = "INV-2024-0042"
    response = client.post(entry_change_url(cast.published_a), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say what kind of identifier this is." in page
    # The folded section of the row with the error is open: its heading is not a <summary>.
    row = page[page.index(f'id="equipment-{index}"') :]
    row = (
        row[: row.index(f'id="equipment-{int(index) + 1}"')]
        if f'id="equipment-{int(index) + 1}"' in row
        else row
    )
    heading = row.index("Identifier and landing page")
    assert "<summary>" not in row[heading - 200 : heading]
    assert Equipment.objects.get(name_en="Clean room").identifier == ""


def test_the_equipment_admin_shows_and_edits_the_new_fields(client, cast):
    client.force_login(cast.users["manager_a"])
    prober = Equipment.objects.get(name_en="Wafer prober")
    changelist = client.get(reverse("admin:infrastructures_equipment_changelist"), {"q": "SN-4471"})
    assert changelist.status_code == 200 and "Wafer prober" in changelist.content.decode()
    url = reverse("admin:infrastructures_equipment_change", args=[prober.pk])
    data = form_data(client.get(url))
    assert (data["identifier"], data["identifier_type"]) == ("SN-4471", "serial_number")
    response = client.post(url, data | {"landing_page": "https://example.org/prober"})
    assert response.status_code == 302
    prober.refresh_from_db()
    assert prober.landing_page == "https://example.org/prober"


# Search


def test_an_sme_finds_the_entry_by_an_instruments_make_model_or_identifier(admin_user, cast):
    from infrastructures.search import refresh_search_index

    refresh_search_index([cast.published_a.pk])  # as the commit after the fixture's write would

    def found(text):
        return [entry.slug for entry in search(Infrastructure.objects.published(), text)]

    for text in ("zeiss", "LSM 980", "formfactor cm300", "SN-4471"):
        assert found(text) == ["published-a"], text
    assert found("olympus") == []
    factories.infrastructure(slug="other-lab")
    assert found("zeiss") == ["published-a"]
