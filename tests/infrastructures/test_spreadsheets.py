"""Spreadsheets in and out as a regional manager meets them: files from other programs and
systems, the catalogue's own exports edited and sent back. No byte changes that the curator did
not mean to change; every problem is reported at once; nothing is saved before the curator saw
what will change, field by field."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from access.models import AccessCondition, AccessForm, BusinessModel, PriceIndication
from infrastructures import services, tasks
from infrastructures.models import Equipment, FundingRecord, ImportMapping, Infrastructure, Job, Organisation
from tests import factories
from tests.rights import make_cast
from tests.uploads import confirm, page_text, run_after_commit, upload

pytestmark = pytest.mark.django_db
TRICKY_TEXT = 'Open to SMEs, "on request", weekdays only'
WAFER = '12" wafer "probe" station'


@pytest.fixture
def cast(db):
    cast = make_cast()
    factories.theme(slug="photonics", name_en="Photonics", name_nl="Fotonica")
    return cast


@pytest.fixture
def manager(client, cast):
    client.force_login(cast.users["manager_a"])
    return cast.users["manager_a"]


def csv_file(rows, delimiter=",", encoding="utf-8", lineterminator="\r\n"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return buffer.getvalue().encode(encoding)


def new_row(slug, **values):
    return {
        "slug": slug,
        "name_en": f"Lab {slug}",
        "kind": "lab",
        "owner": "owner-a",
        "region": "flanders",
    } | values


def rows_of(*entries):
    header = list(dict.fromkeys(name for entry in entries for name in entry))
    return [header, *([entry.get(name, "") for name in header] for entry in entries)]


def checked_and_imported(client, content, name="entries.csv"):
    page = upload(client, content, name)
    assert page.status_code == 200, page.content.decode()[:3000]
    assert "Every row is valid" in page.content.decode(), page.content.decode()[:3000]
    return confirm(client, page)


def export(client, file_format="csv", table=None):
    response = client.get(reverse("curation:export", args=[file_format]), {"table": table} if table else {})
    assert response.status_code == 200
    if file_format == "xlsx":
        return response.content
    return b"".join(response.streaming_content)


def stored_state():
    """Every stored value of the entries and what belongs to them, versions and history rows included."""
    models = [Infrastructure, Organisation, Equipment, AccessCondition, PriceIndication, FundingRecord]
    state = {model.__name__: sorted(map(repr, model.objects.values_list())) for model in models}
    state["relations"] = sorted(
        map(repr, Infrastructure.themes.through.objects.values_list("infrastructure_id", "theme_id"))
    )
    state["history"] = [model.history.count() for model in models if hasattr(model, "history")]
    return state


# Reading any real file


def test_a_doubled_quote_after_the_first_8_kb_is_read_exactly(manager, client):
    """The dialect came from the first 4 KB: a later "" was misread and a field lost its tail."""
    filler = [
        new_row(f"filler-{n}", summary_en="A plain summary without any quotes at all.") for n in range(120)
    ]
    tricky = new_row("wafer-prober", name_en=WAFER, summary_en=TRICKY_TEXT)
    content = csv_file(rows_of(*filler, tricky))
    assert content.index(b'""') > 8 * 1024
    checked_and_imported(client, content)
    entry = Infrastructure.objects.get(slug="wafer-prober")
    assert (entry.name_en, entry.summary_en) == (WAFER, TRICKY_TEXT)
    again = export(client)  # and the export of it reads back as it is: no doubling of quotes
    page = upload(client, again).content.decode()
    in_region = Infrastructure.objects.filter(region__slug="flanders").count()  # the cast's two and these
    assert f"0 to create, 0 to update, {in_region} unchanged" in page


@pytest.mark.parametrize(
    "encoding, delimiter, label",
    [("cp1252", ";", "Windows-1252"), ("utf-16", "\t", "UTF-16"), ("mac_roman", ";", "Mac Roman")],
)
def test_files_from_belgian_dutch_and_mac_spreadsheets_are_read_in_their_encoding(
    manager, client, encoding, delimiter, label
):
    names = {"brugge": "Labo Brügge één", "liege": "Université de Liège", "gent": "Crème brûlée à Gent"}
    rows = rows_of(*(new_row(slug, name_en=name, city=name.split()[-1]) for slug, name in names.items()))
    content = csv_file(rows, delimiter=delimiter, encoding=encoding)
    done = checked_and_imported(client, content)
    assert f"read as {label}" in done.content.decode()
    assert {e.slug: e.name_en for e in Infrastructure.objects.filter(slug__in=names)} == names


def test_a_misread_encoding_is_shown_and_can_be_overridden(manager, client):
    """A short Mac Roman file looks like Windows-1252 to any detector: the page says how it read the
    file, and the curator reads it again in the right encoding before anything is saved."""
    content = csv_file(rows_of(new_row("gent", name_en="Gént")), delimiter=";", encoding="mac_roman")
    page = upload(client, content)
    assert "read as Windows-1252 (detected)" in page.content.decode() and "GŽnt" in page.content.decode()
    job = Job.objects.get()
    with run_after_commit():
        response = client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "mac_roman"})
    page = client.get(response["Location"]).content.decode()
    assert "read as Mac Roman" in page and "Gént" in page
    confirm(client, client.get(job.get_absolute_url()))
    assert Infrastructure.objects.get(slug="gent").name_en == "Gént"


def test_bare_carriage_returns_inside_quoted_fields_and_as_line_ends(manager, client):
    description = "First line\rsecond line\r\nthird line"
    content = csv_file(
        rows_of(new_row("cr-lab", description_en=description), new_row("cr-two")), lineterminator="\r"
    )
    checked_and_imported(client, content)
    assert Infrastructure.objects.get(slug="cr-lab").description_en == description
    assert Infrastructure.objects.filter(slug="cr-two").exists()


def test_a_byte_order_mark_and_no_break_spaces_are_handled(manager, client):
    rows = rows_of(new_row("nbsp-lab", name_en="Lab\N{NO-BREAK SPACE}A", latitude="51,05", longitude="3,72"))
    rows[0][0] = "\N{NO-BREAK SPACE}slug"  # a header cell with a stray no-break space
    checked_and_imported(client, b"\xef\xbb\xbf" + csv_file(rows))
    entry = Infrastructure.objects.get(slug="nbsp-lab")
    assert (entry.name_en, entry.latitude, entry.longitude) == (
        "Lab\N{NO-BREAK SPACE}A",
        Decimal("51.05"),
        Decimal("3.72"),
    )


def test_control_characters_are_removed_with_a_warning_naming_the_cell(manager, client):
    content = csv_file(rows_of(new_row("ctl-lab", name_en="Lab\x16 with a control character")))
    page = upload(client, content).content.decode()
    assert "Control characters removed from this cell." in page and "name_en" in page
    confirm(client, client.get(Job.objects.get().get_absolute_url()))
    assert Infrastructure.objects.get(slug="ctl-lab").name_en == "Lab with a control character"


def test_a_row_longer_than_its_header_is_refused_naming_the_line(manager, client):
    rows = rows_of(new_row("ok-lab"), new_row("long-lab"))
    rows[2].append("a stray cell")
    page = upload(client, csv_file(rows))
    assert page.status_code == 400
    text = page.content.decode()
    assert "has no column" in text and "a stray cell" in text and "<td>3</td>" in text
    assert not Infrastructure.objects.filter(slug__in=["ok-lab", "long-lab"]).exists()


def test_every_fault_of_a_row_is_reported_at_once(manager, client):
    faulty = new_row(
        "seven-faults",
        kind="spaceship",
        trl_min="x",
        trl_max="12",
        latitude="200",
        longitude="5",
        contact_email="not-an-address",
        website="no web address",
        themes="photonics; alchemy",
    )
    page = upload(client, csv_file(rows_of(faulty)))
    assert page.status_code == 400
    job = Job.objects.get()
    assert {error["column"] for error in job.errors} == {
        "kind",
        "trl_min",
        "trl_max",
        "latitude",
        "contact_email",
        "website",
        "themes",
    }
    assert all(error["line"] == 2 and error["value"] for error in job.errors)
    assert "alchemy" in page.content.decode()


# XLSX


def workbook_bytes(rows, title="infrastructures"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_formulas_import_their_cached_value_and_are_reported(manager, client):
    rows = rows_of(new_row("formula-lab", trl_min="3", trl_max="=2+4"))
    content = workbook_bytes(rows)
    # openpyxl saved no computed value (nor does a formula whose result is empty): an empty cell,
    # which keeps what is stored, and a warning that says so.
    page = upload(client, content, "entries.xlsx").content.decode()
    assert "formula without a computed value: it is read as an empty cell" in page and "=2+4" in page
    # A workbook saved by a spreadsheet program carries the computed value beside the formula.
    page = upload(client, _with_cached_value(content, "=2+4", "6"), "entries.xlsx").content.decode()
    assert "This cell holds a formula; its computed value “6” is imported." in page
    confirm(client, client.get(Job.objects.latest("pk").get_absolute_url()))
    assert Infrastructure.objects.get(slug="formula-lab").trl_max == 6


def _with_cached_value(content, formula, value):
    """The workbook as Excel saves it: the formula's cell holds its last computed value too."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                escaped = re.escape(formula.removeprefix("="))
                text = re.sub(
                    rf"<f>{escaped}</f>(<v\s*/>|<v></v>)?", f"<f>{formula[1:]}</f><v>{value}</v>", text
                )
                data = text.encode()
            target.writestr(item, data)
    return target_buffer.getvalue()


# Formula injection


@pytest.mark.parametrize("control", ["\u0001", "\x08", "\x1b"])
def test_a_formula_hidden_behind_a_control_character_is_neutralised_in_both_formats(
    manager, client, cast, control
):
    name = f'{control}=HYPERLINK("http://attacker.example","click")'
    Infrastructure.objects.filter(pk=cast.draft_a.pk).update(name_en=name, contact_phone="+32 9 264 00 00")
    exported_csv = export(client).decode("utf-8-sig")
    cells = {row[0]: row for row in csv.reader(io.StringIO(exported_csv))}
    name_cell = cells["draft-a"][1]
    assert name_cell == "'" + name[1:] and not name_cell.startswith("=")
    sheet = load_workbook(io.BytesIO(export(client, "xlsx")))["infrastructures"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "draft-a")
    assert row[1].data_type == "s" and row[1].value == "'" + name[1:]
    assert not any(cell.data_type == "f" for r in sheet.iter_rows() for cell in r)


# Round trip, blanks and clearing


@pytest.fixture
def full_entries(cast):
    """Entries of region A with everything a file can carry: phones, amounts, dates, Dutch letters,
    quotes, line breaks, a formula-looking name, equipment, access terms with prices, funding."""
    superuser = cast.users["superuser"]
    programme = factories.programme(slug="erdf-flanders", region=cast.region_a)
    programme.priority_axes.create(code="1", name_en="Research and innovation")
    theme = factories.theme(slug="optics", name_en="Optics")
    data = {
        "name_en": '=SUM(1,2) "quoted" lab',
        "name_nl": "Één lab in Brügge",
        "acronym": "-ACR",
        "summary_en": WAFER,
        "description_en": 'Line one\nLine two\r\nLine three, "with" quotes',
        "contact_phone": "+32 9 264 00 00",
        "contact_email": "lab@example.org",
        "website": "https://example.org/lab",
        "keywords": "lasers, optics",
        "trl_min": 3,
        "trl_max": 7,
        "latitude": Decimal("51.0543"),
        "longitude": Decimal("3.7174"),
        "last_reviewed_on": "2026-11-01",
        "city": "Gent",
        "themes": [theme],
        "operators": [cast.draft_a.owner],
        "equipment": [
            {"name_en": "Femtosecond laser", "manufacturer": "Light Co", "model_number": "FS-1"},
            {"name_en": "Prober", "description_en": WAFER},
        ],
        "access_conditions": [
            {
                "access_mode": "market_driven",
                "open_to_smes": True,
                "eligibility_en": TRICKY_TEXT,
                "lead_time_days": 10,
                "forms_of_access": list(AccessForm.objects.filter(code__in=["hands_on", "mail_in"])),
                "business_models": list(BusinessModel.objects.filter(code="pay_per_use")),
                "prices": [
                    {"tier": "sme", "unit": "day", "amount_from": Decimal("850.00"), "on_quote": False},
                    {"tier": "large_company", "unit": "day", "amount_from": None, "on_quote": True},
                ],
            },
            {"access_mode": "wide", "open_to_smes": None, "request_required": False},
        ],
        "funding_records": [
            {
                "programme": programme,
                "priority_axis": "1",
                "project": "Pilot line 2016",
                "amount": Decimal("8400000.00"),
                "eu_amount": Decimal("5000000.50"),
                "start_year": 2014,
                "end_year": 2016,
                "note_nl": "Eénmalige steun",
            }
        ],
    }
    services.infrastructure_update(user=superuser, infrastructure=cast.draft_a, data=data, origin="admin")
    services.infrastructure_update(
        user=superuser,
        infrastructure=cast.published_a,
        data={"contact_phone": "+32 11 26 81 11", "name_nl": "Ü"},
        origin="admin",
    )
    return cast


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_imported_unchanged_changes_nothing_in_any_column(
    manager, client, full_entries, file_format
):
    before = stored_state()
    if file_format == "xlsx":
        page = upload(client, export(client, "xlsx"), "infrastructures.xlsx")
    else:
        page = upload(client, export(client), "infrastructures.csv")
    text = page.content.decode()
    assert page.status_code == 200, page_text(page)
    assert "0 to create, 0 to update, 2 unchanged" in text and "there is nothing to import" in text, (
        page_text(page)
    )
    with run_after_commit():
        client.post(Job.objects.latest("pk").get_absolute_url())
    assert stored_state() == before


def test_each_table_exports_as_its_own_csv_file_and_imports_back_unchanged(manager, client, full_entries):
    before = stored_state()
    for table, rows in [
        ("organisations", 1),
        ("regions", 1),
        ("equipment", 2),
        ("access_conditions", 2),
        ("prices", 2),
        ("funding", 1),
    ]:
        content = export(client, table=table)
        assert len(list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))) == rows + 1
        if table == "prices":
            continue  # prices go back with their access conditions (see the workbook)
        page = upload(client, content, f"infrastructures-{table}.csv")
        assert "0 to create, 0 to update" in page.content.decode(), (table, page_text(page))
    assert stored_state() == before


def test_blank_cells_keep_what_is_stored_and_the_clear_marker_empties(manager, client, full_entries):
    exported = export(client).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    header = list(rows[0])
    draft = next(row for row in rows if row["slug"] == "draft-a")
    keep = {
        "slug": "draft-a",
        "summary_en": "",
        "description_en": "",
        "name_nl": "",
        "keywords": "",
        "website": "",
        "themes": "",
        "trl_min": "",
        "version": "",
    }
    blank_row = [keep.get(name, "") if name in keep else "" for name in header]
    page = upload(client, csv_file([header, blank_row])).content.decode()
    assert "0 to create, 0 to update, 1 unchanged" in page  # blanks erase nothing
    cleared = {
        **draft,
        "keywords": "[clear]",
        "themes": "[clear]",
        "trl_min": "[clear]",
        "website": "[clear]",
    }
    page = upload(client, csv_file([header, [cleared[name] for name in header]])).content.decode()
    assert "0 to create, 1 to update, 0 unchanged" in page
    for field, old in [
        ("keywords", "lasers, optics"),
        ("website", "https://example.org/lab"),
        ("trl_min", "3"),
    ]:
        assert f"<code>{field}</code>" in page and old in page  # the diff shows what goes, before it goes
    confirm(client, client.get(Job.objects.latest("pk").get_absolute_url()))
    entry = Infrastructure.objects.get(slug="draft-a")
    assert (entry.keywords, entry.website, entry.trl_min, list(entry.themes.all())) == ("", "", None, [])
    assert entry.summary_en == WAFER and entry.name_nl == "Één lab in Brügge"  # untouched
    page = upload(client, csv_file([header, [{**draft, "name_en": "[clear]"}[name] for name in header]]))
    assert page.status_code == 400 and "This column cannot be cleared." in page.content.decode()


def test_the_diff_names_each_changed_field_with_its_old_and_new_value(manager, client, full_entries):
    rows = list(csv.DictReader(io.StringIO(export(client).decode("utf-8-sig"))))
    for row in rows:
        if row["slug"] == "draft-a":
            row["city"] = "Kortrijk"
            row["trl_max"] = "8"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    page = upload(client, buffer.getvalue().encode()).content.decode()
    assert "0 to create, 1 to update, 1 unchanged" in page
    assert "<del>Gent</del>" in page and "<ins>Kortrijk</ins>" in page
    assert "<del>7</del>" in page and "<ins>8</ins>" in page
    assert Infrastructure.objects.get(slug="draft-a").city == "Gent"  # nothing saved before the confirmation
    history = Infrastructure.history.count()
    confirm(client, client.get(Job.objects.latest("pk").get_absolute_url()))
    entry = Infrastructure.objects.get(slug="draft-a")
    assert (entry.city, entry.trl_max, entry.contact_phone) == ("Kortrijk", 8, "+32 9 264 00 00")
    assert Infrastructure.history.count() == history + 1  # one row changed: one history row


# Related records


def test_equipment_access_conditions_prices_and_funding_round_trip_through_the_workbook(
    manager, client, full_entries
):
    workbook = load_workbook(io.BytesIO(export(client, "xlsx")))
    assert workbook.sheetnames == [
        "infrastructures",
        "organisations",
        "regions",
        "equipment",
        "access_conditions",
        "prices",
        "funding",
    ]
    equipment = workbook["equipment"]
    equipment.append(["draft-a", "Spectrometer", "Spectrometer NL", "", "", "Optics Inc", "SP-9"])
    prices = workbook["prices"]
    for row in prices.iter_rows(min_row=2):
        if row[2].value == "sme":
            row[4].value = 900
    funding = workbook["funding"]
    funding.append(["draft-a", "erdf-flanders", "", "Second call", 1000000, 400000, 2017, 2018, "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(client, buffer.getvalue(), "edited.xlsx").content.decode()
    assert "0 to create, 1 to update, 1 unchanged" in page, page[:3000]
    assert "<code>equipment[3]</code>" in page and "name_en: Spectrometer" in page
    assert "<code>funding_records[2]</code>" in page and "project: Second call" in page
    assert "<code>access_conditions[1].prices</code>" in page and "sme day 900" in page
    confirm(client, client.get(Job.objects.latest("pk").get_absolute_url()))
    entry = Infrastructure.objects.get(slug="draft-a")
    assert sorted(item.name_en for item in entry.equipment.all()) == [
        "Femtosecond laser",
        "Prober",
        "Spectrometer",
    ]
    assert {
        (p.tier, p.amount_from)
        for p in PriceIndication.objects.filter(access_condition__infrastructure=entry)
    } == {("sme", Decimal("900.00")), ("large_company", None)}
    condition = entry.access_conditions.get(access_mode="market_driven")
    assert {form.code for form in condition.forms_of_access.all()} == {"hands_on", "mail_in"}
    assert condition.eligibility_en == TRICKY_TEXT
    assert sorted(r.amount for r in entry.funding_records.all()) == [
        Decimal("1000000.00"),
        Decimal("8400000.00"),
    ]
    first = entry.funding_records.get(amount=Decimal("8400000.00"))
    assert (first.priority_axis.code, first.eu_amount, first.note_nl) == (
        "1",
        Decimal("5000000.50"),
        "Eénmalige steun",
    )


def test_bad_related_rows_are_reported_by_sheet_line_and_column(manager, client, full_entries):
    workbook = load_workbook(io.BytesIO(export(client, "xlsx")))
    workbook["prices"].append(["draft-a", 1, "sme", "hour", None, "no"])  # neither an amount nor on quote
    workbook["prices"].append(["draft-a", 7, "sme", "hour", 10, "no"])  # no condition 7
    workbook["funding"].append(["draft-a", "no-such-programme", "", "", 10, 20, 2018, 2017, "", ""])
    workbook["equipment"].append(["nowhere-lab", "Ghost", "", "", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(client, buffer.getvalue(), "edited.xlsx")
    assert page.status_code == 400
    found = {(error["sheet"], error["column"]) for error in Job.objects.latest("pk").errors}
    assert {
        ("prices", "amount_from"),
        ("prices", "condition"),
        ("funding", "programme"),
        ("equipment", "infrastructure"),
    } <= found
    assert Equipment.objects.filter(name_en="Ghost").count() == 0


def test_organisations_named_in_the_workbook_are_created_in_the_managers_regions_only(manager, client, cast):
    workbook = Workbook()
    workbook.active.title = "infrastructures"
    workbook.active.append(["slug", "name_en", "kind", "owner", "region"])
    workbook.active.append(["new-owner-lab", "New owner's lab", "lab", "Imec Gent", "flanders"])
    organisations = workbook.create_sheet("organisations")
    organisations.append(["slug", "name_en", "acronym", "kind", "region", "city"])
    organisations.append(["imec-gent", "Imec Gent", "", "research_centre", "flanders", "Gent"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    checked_and_imported(client, buffer.getvalue(), "new.xlsx")
    entry = Infrastructure.objects.select_related("owner").get(slug="new-owner-lab")
    assert (entry.owner.slug, entry.owner.region.slug, entry.owner.city) == ("imec-gent", "flanders", "Gent")
    organisations.append(["elsewhere-org", "Elsewhere", "", "university", "south-netherlands", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(client, buffer.getvalue(), "new.xlsx")
    assert "You do not manage the region South Netherlands." in page.content.decode(), page_text(page)
    assert not Organisation.objects.filter(slug="elsewhere-org").exists()


# Files from other systems: columns matched once, then remembered


UNIQUIP_HEADER = [
    "Type",
    "Name",
    "Description",
    "Contact Name",
    "Contact Email",
    "Contact Telephone",
    "Web Address",
    "Institution Name",
    "Technique(:N8)",
]


def uniquip_file():
    return csv_file(
        [
            UNIQUIP_HEADER,
            [
                "facility",
                "Cleanroom pilot line",
                "ISO 5 cleanroom",
                "Jan Peeters",
                "jan@example.org",
                "+32 16 28 12 11",
                "https://example.org/cleanroom",
                "Owner A",
                "lithography",
            ],
            [
                "facility",
                "Laser lab",
                WAFER,
                "An Janssens",
                "an@example.org",
                "+32 9 264 00 00",
                "https://example.org/laser",
                "Brand New Institute",
                "lasers",
            ],
        ]
    )


def test_a_foreign_layout_is_matched_once_and_imports(manager, client, cast):
    owner_a = Organisation.objects.get(slug="owner-a")
    Organisation.objects.filter(pk=owner_a.pk).update(name_en="Owner A")
    page = upload(client, uniquip_file(), "equipment-list.csv")
    text = page.content.decode()
    assert page.status_code == 200 and "Match the columns of your file" in text and "uniquip" in text
    job = Job.objects.get()
    proposal = job.parameters["proposal"]
    assert proposal["Name"] == "name_en" and proposal["Contact Telephone"] == "contact_phone"
    assert proposal["Institution Name"] == "owner" and proposal["Technique(:N8)"] == "keywords"
    assert proposal["Type"] == "", proposal
    assert job.parameters["rows_are"] == "infrastructures"  # uniquip's Type says "facility"
    form = {f"column_{index}": proposal[column] for index, column in enumerate(UNIQUIP_HEADER)}
    form["rows_are"] = "infrastructures"
    with run_after_commit():
        without_defaults = client.post(reverse("curation:job-recheck", args=[job.pk]), form)
    assert without_defaults.status_code == 302
    page = client.get(job.get_absolute_url())
    assert page.status_code == 400  # no kind nor region in the file, and one owner unknown: said per row
    problems = {(error["line"], error["column"]) for error in Job.objects.get().errors}
    assert {(2, "kind"), (2, "region"), (3, "owner")} <= problems
    form |= {
        "default_kind": "pilot_line",
        "default_region": "flanders",
        "create_organisations": "on",
        "organisation_kind": "research_centre",
        "save_as": "Uniquip equipment lists",
    }
    with run_after_commit():
        response = client.post(reverse("curation:job-recheck", args=[job.pk]), form)
    page = client.get(response["Location"])
    assert "2 to create" in page.content.decode() and "Organisations: 1 to create" in page.content.decode()
    confirm(client, page)
    laser = Infrastructure.objects.select_related("owner", "region").get(slug="laser-lab")
    assert (laser.kind, laser.region.slug, laser.owner.name_en, laser.owner.kind) == (
        "pilot_line",
        "flanders",
        "Brand New Institute",
        "research_centre",
    )
    assert (laser.description_en, laser.contact_phone, laser.keywords) == (WAFER, "+32 9 264 00 00", "lasers")
    assert Infrastructure.objects.get(slug="cleanroom-pilot-line").owner == owner_a
    assert ImportMapping.objects.get().name == "Uniquip equipment lists"
    # The next file with these columns is read with the saved mapping at once, and changes nothing.
    page = upload(client, uniquip_file(), "equipment-list-2.csv").content.decode()
    assert "columns matched with your mapping “Uniquip equipment lists”" in page
    assert "0 to create, 0 to update, 2 unchanged" in page
    # The import page lists it; only its curator deletes it.
    saved = ImportMapping.objects.get()
    assert "Uniquip equipment lists" in client.get(reverse("curation:import")).content.decode()
    client.force_login(cast.users["manager_b"])
    assert client.post(reverse("curation:mapping-delete", args=[saved.pk])).status_code == 404
    client.force_login(cast.users["manager_a"])
    assert client.post(reverse("curation:mapping-delete", args=[saved.pk])).status_code == 302
    assert not ImportMapping.objects.exists()


def test_a_mapping_that_feeds_one_column_twice_is_refused(manager, client):
    upload(client, uniquip_file(), "equipment-list.csv")
    job = Job.objects.get()
    form = (
        {"rows_are": "infrastructures"}
        | {f"column_{index}": "" for index in range(len(UNIQUIP_HEADER))}
        | {
            "column_1": "name_en",
            "column_2": "name_en",
        }
    )
    page = client.post(reverse("curation:job-recheck", args=[job.pk]), form)
    assert (
        page.status_code == 400
        and "Each catalogue column takes one column of the file" in page.content.decode()
    )


def test_only_the_uploader_matches_or_rereads_a_file(client, cast):
    client.force_login(cast.users["manager_a"])
    upload(client, uniquip_file(), "equipment-list.csv")
    job = Job.objects.get()
    client.force_login(cast.users["manager_b"])
    assert (
        client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "cp1252"}).status_code == 404
    )
    client.force_login(cast.users["authority"])
    assert (
        client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "cp1252"}).status_code == 403
    )


def test_regions_are_added_or_changed_by_administrators_only(client, cast):
    workbook = Workbook()
    workbook.active.title = "infrastructures"
    workbook.active.append(["slug", "name_en", "kind", "owner", "region"])
    workbook.active.append(["limburg-lab", "Limburg lab", "lab", "owner-a", "BE22"])
    regions = workbook.create_sheet("regions")
    regions.append(["slug", "name_en", "name_nl", "country", "nuts_code"])
    regions.append(["limburg-be", "Limburg (Belgium)", "Limburg (België)", "BE", "BE22"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(cast.users["manager_a"])
    page = upload(client, buffer.getvalue(), "regions.xlsx")
    assert page.status_code == 400 and "Only administrators add regions." in page.content.decode()
    client.force_login(cast.users["superuser"])
    page = upload(client, buffer.getvalue(), "regions.xlsx")
    assert "Regions: 1 to create, 0 to update." in page.content.decode(), page_text(page)
    confirm(client, page)
    entry = Infrastructure.objects.select_related("region").get(slug="limburg-lab")
    assert (entry.region.slug, entry.region.name_nl, entry.region.nuts_code) == (
        "limburg-be",
        "Limburg (België)",
        "BE22",
    )


@pytest.mark.parametrize("entries", [5, 50])
def test_checking_a_workbook_costs_the_same_queries_however_many_entries_it_holds(
    manager, client, full_entries, entries, django_assert_max_num_queries
):
    from infrastructures.imports import plan_import, sheets_by_layout
    from infrastructures.tables import read_file

    rows = [new_row(f"lab-{n}", themes="photonics", operators="owner-a") for n in range(entries)]
    checked_and_imported(client, csv_file(rows_of(*rows)))
    content = export(client, "xlsx")  # every entry, and draft-a with equipment, terms, prices, funding
    table = read_file(content, "catalogue.xlsx")
    with django_assert_max_num_queries(22):  # the lookups, once; none per row
        plan = plan_import(manager, sheets_by_layout(table, "catalogue.xlsx"), table=table)
    assert plan.is_valid and plan.count("unchanged") == entries + 2


def test_a_published_equipment_list_becomes_the_equipment_of_the_chosen_entry(manager, client, cast):
    header = ["Type", "Name", "Description", "Manufacturer", "Model", "Contact Email"]
    content = csv_file(
        [
            header,
            ["equipment", "Confocal microscope", "Live-cell imaging", "Zeiss", "LSM 980", "core@example.org"],
            [
                "equipment",
                "Mass spectrometer",
                WAFER,
                "Thermo Fisher",
                "Orbitrap Exploris 480",
                "core@example.org",
            ],
        ]
    )
    page = upload(client, content, "equipment.csv")
    assert "Match the columns of your file" in page.content.decode()
    job = Job.objects.get()
    assert job.parameters["rows_are"] == "equipment"
    proposal = job.parameters["proposal"]
    assert (proposal["Name"], proposal["Manufacturer"], proposal["Model"], proposal["Type"]) == (
        "equipment:name_en",
        "equipment:manufacturer",
        "equipment:model_number",
        "",
    )
    form = {f"column_{index}": proposal[column] for index, column in enumerate(header)}
    form |= {"rows_are": "equipment", "equipment_of": "published-b"}  # not an entry of this manager
    assert client.post(reverse("curation:job-recheck", args=[job.pk]), form).status_code == 400
    form |= {"equipment_of": "draft-a", "column_5": "contact_email"}  # an entry's column among items'
    page = client.post(reverse("curation:job-recheck", args=[job.pk]), form)
    assert page.status_code == 400 and "rows of equipment take equipment columns" in page.content.decode()
    form["column_5"] = ""
    with run_after_commit():
        response = client.post(reverse("curation:job-recheck", args=[job.pk]), form)
    page = client.get(response["Location"])
    assert "0 to create, 1 to update, 0 unchanged" in page.content.decode(), page_text(page)
    confirm(client, page)
    items = Equipment.objects.filter(infrastructure=cast.draft_a).order_by("name_en")
    assert [(i.name_en, i.manufacturer, i.model_number, i.description_en) for i in items] == [
        ("Confocal microscope", "Zeiss", "LSM 980", "Live-cell imaging"),
        ("Mass spectrometer", "Thermo Fisher", "Orbitrap Exploris 480", WAFER),
    ]


def test_each_table_has_its_csv_template_and_an_unknown_table_is_a_400(manager, client):
    from infrastructures.columns import EQUIPMENT

    template = client.get(reverse("curation:import-template", args=["csv"]), {"table": "equipment"})
    assert template.content.decode("utf-8-sig").strip() == ",".join(EQUIPMENT.column_names)
    assert 'filename="infrastructures-equipment-template.csv"' in template["Content-Disposition"]
    for url in (reverse("curation:export", args=["csv"]), reverse("curation:import-template", args=["csv"])):
        response = client.get(url, {"table": "passwords"})
        assert response.status_code == 400 and "Unknown table" in response.content.decode()
    page = client.get(reverse("curation:import")).content.decode()
    assert "?table=access_conditions" in page and "[clear]" in page


def test_a_running_jobs_page_follows_it_without_reloading_and_only_for_its_curator(manager, client, cast):
    file = io.BytesIO(csv_file(rows_of(new_row("queued-lab"))))
    file.name = "entries.csv"
    response = client.post(reverse("curation:import"), {"file": file})  # the job waits: nothing ran
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "<noscript>" in page and "catalogue/job.js" in page
    job = Job.objects.get()
    status = client.get(reverse("curation:job-status", args=[job.pk])).json()
    assert status == {"state": "Waiting to start", "rows": "", "percent": 0, "finished": False}
    client.force_login(cast.users["manager_b"])
    assert client.get(reverse("curation:job-status", args=[job.pk])).status_code == 404


def test_a_job_started_in_dutch_gives_its_reasons_in_dutch_whatever_language_the_worker_runs_in(
    manager, client
):
    from django.utils import translation

    file = io.BytesIO(csv_file(rows_of(new_row("nl-lab", owner="nobody", website="niet een adres"))))
    file.name = "entries.csv"
    response = client.post("/nl/curation/import/", {"file": file})  # queued; the worker runs it later
    job = Job.objects.get()
    with translation.override("en"):  # the worker's own language
        tasks.check_import.call(job.pk)
    job.refresh_from_db()
    assert job.language == "nl"
    reasons = {error["column"]: error["message"] for error in job.errors}
    assert reasons["owner"] == "Geen organisatie “nobody” gevonden.", reasons
    assert "geldige URL" in reasons["website"]
    assert "Voer" in client.get(response["Location"]).content.decode()
