"""A catalogue for the open-data tests: the rights tests' cast (a published entry and a draft in each
of two regions) with an entry in review and an archived one, and one published entry carrying all a
file can hold. Every hidden entry has an equipment item, so that a file leaking its rows shows."""

import csv
import io
import json
import zipfile
from decimal import Decimal

from openpyxl import load_workbook

from access.models import AccessForm, BusinessModel
from infrastructures import services
from infrastructures.models import Equipment, Infrastructure
from tests import factories
from tests.rights import make_cast

PUBLISHED = ["published-a", "published-b"]
HIDDEN = ["draft-a", "draft-b", "in-review-a", "archived-b"]
HIDDEN_ITEM = "Unreleased instrument"


def make_catalogue():
    cast = make_cast()
    State = Infrastructure.PublicationState
    cast.in_review_a = factories.infrastructure(
        slug="in-review-a", owner=cast.published_a.owner, publication_state=State.IN_REVIEW
    )
    cast.archived_b = factories.infrastructure(
        slug="archived-b", owner=cast.published_b.owner, publication_state=State.ARCHIVED
    )
    for slug in HIDDEN:
        Equipment.objects.create(infrastructure=Infrastructure.objects.get(slug=slug), name_en=HIDDEN_ITEM)
    programme = factories.programme(slug="erdf-flanders", region=cast.region_a)
    programme.priority_axes.create(code="1", name_en="Research and innovation")
    theme = factories.theme(slug="optics", name_en="Optics", name_nl="Optica")
    data = {
        "name_en": '=SUM(1,2) "quoted" lab',
        "name_nl": "Één lab in Brügge",
        "acronym": "-ACR",
        "description_en": 'Line one\nLine two\r\nLine three, "with" quotes',
        "contact_phone": "+32 9 264 00 00",
        "keywords": "lasers, optics",
        "trl_min": 3,
        "trl_max": 7,
        "latitude": Decimal("51.0543"),
        "longitude": Decimal("3.7174"),
        "last_reviewed_on": "2026-11-01",
        "themes": [theme],
        "operators": [cast.published_b.owner],
        "equipment": [
            {"name_en": "Femtosecond laser", "manufacturer": "Light Co", "model_number": "FS-1"},
            {"name_en": "Prober", "identifier": "10.5281/zenodo.1234567", "identifier_type": "doi"},
        ],
        "access_conditions": [
            {
                "access_mode": "market_driven",
                "open_to_smes": True,
                "lead_time_days": 10,
                "forms_of_access": list(AccessForm.objects.filter(code__in=["hands_on", "mail_in"])),
                "business_models": list(BusinessModel.objects.filter(code="pay_per_use")),
                "prices": [
                    {"tier": "sme", "unit": "day", "amount_from": Decimal("850.00"), "on_quote": False},
                    {"tier": "large_company", "unit": "day", "amount_from": None, "on_quote": True},
                ],
            },
        ],
        "funding_records": [
            {
                "programme": programme,
                "priority_axis": "1",
                "project": "Pilot line 2016",
                "amount": Decimal("8400000.00"),
                "start_year": 2014,
                "end_year": 2016,
            }
        ],
    }
    services.infrastructure_update(
        user=cast.users["superuser"], infrastructure=cast.published_a, data=data, origin="admin"
    )
    return cast


def download(client, name, **headers):
    """GET a download; returns (response, its bytes)."""
    response = client.get(f"/open-data/files/{name}", **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def text_of(name, body):
    """Everything a download says, as text: the members of a ZIP, the cells of a workbook."""
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(member).decode("utf-8-sig") for member in archive.namelist())
    if name.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            "\t".join(str(cell) for cell in row if cell is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return body.decode("utf-8-sig")


def csv_rows(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def entry_slugs(name, body):
    """The entries a download holds, read the way its format is read."""
    if name.endswith(".json"):
        data = json.loads(body)
        return {entry["slug"] for entry in data["infrastructures"]}
    if name.endswith(".jsonld"):
        graph = json.loads(body)["@graph"]
        return {node["url"].rstrip("/").rsplit("/", 1)[-1] for node in graph if node["@type"] == "Place"}
    if name.endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(body), read_only=True)["infrastructures"]
        return {row[0] for row in list(sheet.iter_rows(values_only=True))[1:]}
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return {row["slug"] for row in csv_rows(archive.read("infrastructures.csv"))}
    rows = csv_rows(body)
    key = "slug" if name == "infrastructures.csv" else "infrastructure"
    return {row[key] for row in rows if key in row}
