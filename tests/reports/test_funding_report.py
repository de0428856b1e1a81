"""The funded list: the same rows and the same totals, to the cent, in the page, CSV, XLSX, JSON and
the API; the same filters narrowing each; drafts for those who may see them, marked."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from infrastructures.models import Infrastructure
from infrastructures.tables import from_cell
from reports import views
from tests.uploads import page_text

pytestmark = pytest.mark.django_db

FUNDING = reverse("reports:funding")
API = reverse("api:funding-record-list")


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _sorted(rows):
    """(recipient, programme, amount) rows in one order, unknown amounts first."""
    return sorted(rows, key=lambda row: (row[0], row[1], row[2] is not None, row[2] or 0))


def _amount(text):
    return None if text in ("", None) else Decimal(text)


def from_csv(client, query):
    response = client.get(FUNDING, {**query, "format": "csv"})
    assert response.status_code == 200, _content(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(_content(response).decode("utf-8-sig"))))
    records = [row for row in rows if row["row"] == "record"]
    (total,) = [row for row in rows if row["row"] == "total"]
    return (
        _sorted((row["recipient"], row["programme"], _amount(row["amount"])) for row in records),
        _amount(total["amount"]),
        _amount(total["eu_amount"]),
    )


def from_xlsx(client, query):
    response = client.get(FUNDING, {**query, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(_content(response)), read_only=True)["funding"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    rows = [dict(zip(header, row, strict=True)) for row in rows]
    records = [row for row in rows if row["row"] == "record"]
    (total,) = [row for row in rows if row["row"] == "total"]
    # Amounts are numbers in the workbook; exact to the cent once rounded as stored.
    cents = lambda value: None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))  # noqa: E731
    return (
        _sorted((row["recipient"], row["programme"], cents(row["amount"])) for row in records),
        cents(total["amount"]),
        cents(total["eu_amount"]),
    )


def from_json(client, query):
    response = client.get(FUNDING, {**query, "format": "json"})
    assert response.status_code == 200
    data = json.loads(_content(response))
    return (
        _sorted((row["recipient"], row["programme"], _amount(row["amount"])) for row in data["rows"]),
        _amount(data["totals"]["overall"]["amount"]),
        _amount(data["totals"]["overall"]["eu_amount"]),
    )


def from_api(client, query):
    response = client.get(API, {**query, "page_size": 100})
    assert response.status_code == 200, response.content
    data = response.json()
    return (
        _sorted((row["recipient"], row["programme"], _amount(row["amount"])) for row in data["results"]),
        _amount(data["totals"]["overall"]["amount"]),
        _amount(data["totals"]["overall"]["eu_amount"]),
    )


def from_page(client, query):
    response = client.get(FUNDING, query)
    assert response.status_code == 200
    rows = response.context["rows"]
    totals = response.context["totals"].overall
    return (
        _sorted((row["recipient"], row["programme"], row["amount"]) for row in rows),
        totals.amount,
        totals.eu_amount,
    )


FORMATS = [from_page, from_csv, from_xlsx, from_json, from_api]


@pytest.mark.parametrize("read", FORMATS, ids=lambda read: read.__name__)
def test_totals_equal_the_sum_of_the_rows_to_the_cent(client, funding, read):
    rows, total, eu_total = read(client, {})
    assert total == sum(amount for _r, _p, amount in rows if amount is not None)
    # The public sees published entries and organisations: 1250000.55 + 99.99 + 8400000 + 3000000.01.
    assert total == Decimal("12650100.55")
    assert eu_total == Decimal("1700000.10")
    assert ("draft-a", "erdf-flanders", Decimal("2000000.00")) not in rows
    assert ("published-a", "erdf-flanders", None) in rows  # counted, adds nothing


FILTERS = [
    ({"programme": "erdf-flanders"}, {"published-a", "owner-a"}),
    ({"programme": "erdf-flanders", "priority_axis": "1"}, {"published-a"}),
    ({"priority_axis": "1"}, {"published-a", "published-b"}),
    ({"region": "NL4"}, {"published-b"}),
    ({"region": "flanders"}, {"published-a", "owner-a"}),
    ({"year_from": "2018"}, {"published-a", "published-b"}),
    ({"year_from": "2014", "year_to": "2014"}, {"owner-a"}),
    ({"theme": "photonics"}, {"published-a"}),
    ({"kind": "lab"}, {"published-a", "published-b"}),
    ({"owner": "owner-b"}, {"published-b"}),
    ({"owner": "owner-a"}, {"published-a", "owner-a"}),
]


@pytest.mark.parametrize(("query", "recipients"), FILTERS, ids=lambda value: str(value))
def test_filters_narrow_every_format_the_same_way(client, funding, query, recipients):
    results = [read(client, query) for read in FORMATS]
    assert {recipient for recipient, _p, _a in results[0][0]} == recipients
    for other in results[1:]:
        assert other == results[0]


def test_year_filters_keep_funding_that_runs_in_the_period(client, funding):
    rows, _total, _eu = from_csv(client, {"year_from": "2017", "year_to": "2017"})
    # 2015-2017 and 2016-2018 run in 2017; 2019 and 2014 do not; a record without years never matches.
    assert [(r, a) for r, _p, a in rows] == [
        ("published-a", Decimal("1250000.55")),
        ("published-b", Decimal("3000000.01")),
    ]


def test_drafts_are_absent_for_the_public_and_marked_for_the_authority(client, funding):
    public = client.get(FUNDING, {"programme": "erdf-flanders"})
    assert "draft-a" not in [row["recipient"] for row in public.context["rows"]]
    assert "Draft" not in page_text(public)

    client.force_login(funding.cast.users["authority"])
    page = client.get(FUNDING, {"programme": "erdf-flanders"})
    states = {row["recipient"]: row["publication_state"] for row in page.context["rows"]}
    assert states["draft-a"] == Infrastructure.PublicationState.DRAFT
    assert "Draft" in page_text(page)
    assert page.context["totals"].overall.amount == Decimal("11650100.54")
    rows, total, _eu = from_csv(client, {"programme": "erdf-flanders"})
    assert ("draft-a", "erdf-flanders", Decimal("2000000.00")) in rows and total == Decimal("11650100.54")
    api = client.get(API, {"programme": "erdf-flanders"}).json()
    assert {row["recipient"]: row["publication_state"] for row in api["results"]}["draft-a"] == "draft"


def test_a_manager_sees_the_drafts_of_their_own_region_only(client, funding):
    client.force_login(funding.cast.users["manager_a"])
    rows, _total, _eu = from_json(client, {})
    recipients = {recipient for recipient, _p, _a in rows}
    assert "draft-a" in recipients and "draft-b" not in recipients


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["€8,400,000", "€1,250,000.55", "€12,650,100.55"]),
        ("nl", ["€ 8.400.000", "€ 1.250.000,55", "€ 12.650.100,55"]),
    ],
)
def test_amounts_are_written_for_the_readers_language_and_exact(client, funding, language, expected):
    prefix = "/nl" if language == "nl" else ""
    text = page_text(client.get(prefix + FUNDING))
    for amount in expected:
        assert amount in text


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"programme": "no-such-programme"}, "Programme"),
        ({"region": "XX9"}, "Region"),
        ({"priority_axis": "99"}, "Priority axis"),
        ({"year_from": "twenty"}, "From year"),
        ({"year_from": "2018", "year_to": "2015"}, "To year"),
        ({"format": "pdf"}, "Format"),
        ({"page": "99"}, "Page"),
    ],
)
def test_bad_filters_get_a_clear_message_in_every_format(client, funding, query, named):
    page = client.get(FUNDING, query)
    assert page.status_code == 400
    assert named in page_text(page)
    if "format" not in query and "page" not in query:
        download = client.get(FUNDING, {**query, "format": "csv"})
        assert download.status_code == 400 and named in download.content.decode()
        api = client.get(API, query)
        assert api.status_code == 400


def test_a_programme_filter_is_never_silently_ignored(client, funding):
    """The old export ignored ?programme=: here every format narrows to it."""
    rows, _total, _eu = from_xlsx(client, {"programme": "erdf-south"})
    assert {programme for _r, programme, _a in rows} == {"erdf-south"}


def test_spreadsheet_cells_never_run_as_formulas_and_read_back_unchanged(client, funding):
    project = '=HYPERLINK("http://evil.example","click")'
    record = funding.records["published_a"]
    record.project = project
    record.save()
    csv_rows = list(
        csv.DictReader(io.StringIO(_content(client.get(FUNDING, {"format": "csv"})).decode("utf-8-sig")))
    )
    (cell,) = [row["project"] for row in csv_rows if row["project"].lstrip("'").startswith("=")]
    assert cell.startswith("'=") and from_cell(cell) == project
    sheet = load_workbook(io.BytesIO(_content(client.get(FUNDING, {"format": "xlsx"}))))["funding"]
    cells = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "'" + project in cells and not any(
        cell.data_type == "f" for row in sheet.iter_rows() for cell in row
    )


def test_a_large_workbook_is_written_by_a_job_for_the_authority(
    client, funding, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(views, "XLSX_IN_REQUEST_MAX", 2)
    client.force_login(funding.cast.users["authority"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(FUNDING, {"programme": "erdf-flanders", "format": "xlsx"})
    assert response.status_code == 302
    job = client.get(response["Location"])
    assert "funding.xlsx" in page_text(job)
    download = client.get(reverse("curation:job-download", args=[job.context["job"].pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["funding"]
    rows = list(sheet.iter_rows(values_only=True))
    assert sum(1 for row in rows if row[0] == "record") == 5  # drafts included for the authority


def test_a_large_workbook_for_the_public_points_to_csv_and_json(client, funding, monkeypatch):
    monkeypatch.setattr(views, "XLSX_IN_REQUEST_MAX", 2)
    response = client.get(FUNDING, {"programme": "erdf-flanders", "format": "xlsx"}, follow=True)
    assert response.status_code == 200
    assert "CSV or JSON" in page_text(response)
    assert response.redirect_chain[-1][0].endswith("?programme=erdf-flanders")


def test_the_page_costs_the_same_queries_with_ten_times_the_records(
    client, funding, django_assert_max_num_queries
):
    from tests.reports.conftest import record

    def grow(n):
        for _ in range(n):
            record(
                funding.flanders, funding.cast.published_a, "1.00", None, funding.axis_flanders, (2015, 2015)
            )

    grow(5)
    with django_assert_max_num_queries(11) as few:
        client.get(FUNDING)
    grow(50)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(FUNDING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(API)


def test_the_forms_axis_options_each_name_one_axis(client, funding):
    """Two programmes both have an axis 1: picking one in the form keeps to its programme."""
    html = client.get(FUNDING).content.decode()
    assert 'value="erdf-flanders:1"' in html and 'value="erdf-south:1"' in html
    rows, _total, _eu = from_json(client, {"priority_axis": "erdf-flanders:1"})
    assert {programme for _r, programme, _a in rows} == {"erdf-flanders"}
    assert client.get(FUNDING, {"priority_axis": "erdf-south:2"}).status_code == 400


def test_records_with_one_year_missing_are_left_out_of_any_period(client, funding):
    from tests.reports.conftest import record

    record(funding.flanders, funding.cast.published_a, "5.00", years=(None, 2018))
    for period in ({"year_from": "2018"}, {"year_to": "2018"}):
        rows, _total, _eu = from_csv(client, period)
        assert Decimal("5.00") not in [amount for _r, _p, amount in rows]


def test_a_null_character_in_a_filter_is_a_clear_400(client, funding):
    for query in ({"region": "flanders\x00"}, {"priority_axis": "1\x00"}):
        assert client.get(FUNDING, query).status_code == 400
        assert client.get(API, query).status_code == 400
    assert client.get(reverse("reports:compare"), {"region": ["flanders", "x\x00"]}).status_code == 400


def test_spreadsheets_count_the_records_without_an_eu_share_too(client, funding):
    response = client.get(FUNDING, {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(_content(response).decode("utf-8-sig"))))
    (total,) = [row for row in rows if row["row"] == "total"]
    api = client.get(API).json()["totals"]["overall"]
    assert int(total["records_without_eu_amount"]) == api["records_without_eu_amount"] == 3
