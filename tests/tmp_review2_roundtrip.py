import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from access.models import AccessCondition, PriceIndication
from infrastructures import services
from infrastructures.models import Equipment, FundingRecord, Infrastructure, Job, Organisation
from regions.models import Region
from tests import factories
from tests.infrastructures.test_spreadsheets import export, stored_state
from tests.rights import make_cast
from tests.uploads import page_text, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db, client):
    cast = make_cast()
    client.force_login(cast.users["manager_a"])
    return cast


def roundtrip(client, fmt, table=None):
    content = export(client, fmt, table=table)
    name = f"infrastructures-{table}.csv" if table else f"infrastructures.{fmt}"
    page = upload(client, content, name)
    return page, page_text(page), content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("field,value", [
    ("description_en", "_x005F_x0041_"),
    ("acronym", "-"),
    ("city", "Gent  "),
    ("name_nl", "😀 עברית"),
    ("keywords", "a, b; c"),
    ("postal_code", "-5"),
    ("postal_code", "+5"),
    ("postal_code", "1e5"),
    ("postal_code", "0012"),
    ("contact_phone", "1.50"),
    ("street_address", "\u200fשלום"),
    ("summary_en", "=1+1"),
])
def test_entry_text(client, cast, fmt, field, value):
    Infrastructure.objects.filter(pk=cast.draft_a.pk).update(**{field: value})
    page, text, content = roundtrip(client, fmt)
    assert "0 to update" in text, text[:2000]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("field,value", [
    ("description_en", "   "),
    ("description_en", "_x005F_x0041_"),
    ("manufacturer", "-"),
    ("model_number", "0012"),
    ("model_number", "1.50"),
    ("model_number", "+5"),
])
def test_equipment_text(client, cast, fmt, field, value):
    Equipment.objects.create(infrastructure=cast.draft_a, name_en="X", **{field: value})
    page, text, content = roundtrip(client, fmt, table="equipment" if fmt == "csv" else None)
    assert "0 to update" in text, text[:2000]


from access.models import AccessForm, BusinessModel


def _programme(cast, code="01"):
    programme = factories.programme(slug="erdf-x", region=cast.region_a)
    programme.priority_axes.create(code=code, name_en="Axis")
    programme.priority_axes.create(code="1", name_en="Axis one")
    return programme


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("variant", ["bools-none", "bools-false", "bools-true", "zero-price", "decimals", "axis01", "noaxis", "forms", "ws-eligibility", "notes"])
def test_related(client, cast, fmt, variant):
    superuser = cast.users["superuser"]
    programme = _programme(cast)
    forms = list(AccessForm.objects.all()[:3])
    condition = {"access_mode": "wide"}
    funding = {"programme": programme, "amount": Decimal("1.00")}
    price = None
    if variant == "bools-none":
        condition |= {"open_to_smes": None, "request_required": True}
    elif variant == "bools-false":
        condition |= {"open_to_smes": False, "request_required": False}
    elif variant == "bools-true":
        condition |= {"open_to_smes": True, "request_required": True}
    elif variant == "zero-price":
        price = {"tier": "sme", "unit": "day", "amount_from": Decimal("0.00"), "on_quote": False}
    elif variant == "decimals":
        price = {"tier": "sme", "unit": "day", "amount_from": Decimal("1234567890.12"), "on_quote": False}
        funding |= {"amount": Decimal("123456789012.34"), "eu_amount": Decimal("0.01")}
    elif variant == "axis01":
        funding |= {"priority_axis": "01"}
    elif variant == "noaxis":
        funding |= {"priority_axis": None, "amount": None}
    elif variant == "forms":
        condition |= {"forms_of_access": list(reversed(forms)), "business_models": list(BusinessModel.objects.all()[:2])}
    elif variant == "ws-eligibility":
        condition |= {"eligibility_en": "  trailing  ", "ip_terms_nl": "-"}
    elif variant == "notes":
        funding |= {"note_en": "=x", "project": "  "}
    if price:
        condition["prices"] = [price]
    services.infrastructure_update(
        user=superuser, infrastructure=cast.draft_a,
        data={"access_conditions": [condition], "funding_records": [funding]}, origin="admin",
    )
    before = stored_state()
    if fmt == "xlsx":
        page, text, _ = roundtrip(client, fmt)
        assert "0 to update" in text, text[:2000]
    else:
        for table in ["access_conditions", "funding"]:
            page, text, _ = roundtrip(client, fmt, table=table)
            assert "0 to update" in text, (table, text[:2000])
    assert stored_state() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("variant", ["org-text", "org-acronym-slug", "region-nl", "theme-comma", "ops", "org-name-nl-null"])
def test_orgs_regions(client, cast, fmt, variant):
    owner = cast.draft_a.owner
    if variant == "org-text":
        Organisation.objects.filter(pk=owner.pk).update(name_nl="-", city="Gent ", acronym="=A")
    elif variant == "org-acronym-slug":
        other = factories.organisation(slug="other-org", acronym="owner-a", region=cast.region_a)
        cast.draft_a.operators.set([other, owner])
    elif variant == "region-nl":
        Region.objects.filter(pk=cast.region_a.pk).update(name_nl="-", managing_authority_en="x ")
    elif variant == "theme-comma":
        t1 = factories.theme(slug="a-b", name_en="A, B; C")
        t2 = factories.theme(slug="c", name_en="a-b")
        cast.draft_a.themes.set([t1, t2])
    elif variant == "ops":
        o = factories.organisation(slug="op-b", region=cast.region_b, name_en="Op; B")
        cast.draft_a.operators.set([o])
    elif variant == "org-name-nl-null":
        Organisation.objects.filter(pk=owner.pk).update(name_nl=None)
    before = stored_state()
    if fmt == "xlsx":
        page, text, _ = roundtrip(client, fmt)
        assert "0 to update" in text and "to create" in text, text[:2000]
        assert "Organisations: 0" in text or "rganisations" not in text, text[:2000]
    else:
        for table in [None, "organisations", "regions"]:
            page, text, _ = roundtrip(client, fmt, table=table)
            assert "0 to update" in text and "Only" not in text, (table, text[:2000])
    assert stored_state() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_c1_control(client, cast, fmt):
    Infrastructure.objects.filter(pk=cast.draft_a.pk).update(description_en="Wait\x85 what")
    page, text, _ = roundtrip(client, fmt)
    assert "0 to update" in text, text[:1500]


def test_diff_positions(client, cast):
    for n in ["Alpha", "Beta", "Gamma"]:
        Equipment.objects.create(infrastructure=cast.draft_a, name_en=n, manufacturer=n + " Co")
    content = export(client, "csv", table="equipment").decode("utf-8-sig")
    lines = content.splitlines()
    edited = "\n".join([lines[0]] + lines[2:]) + "\n"  # Alpha removed, nothing else
    page = upload(client, edited.encode(), "infrastructures-equipment.csv")
    print(Job.objects.latest("pk").result["changes"])
    assert "Beta" not in str(Job.objects.latest("pk").result["changes"])


def test_superuser_roundtrip(client, cast):
    client.force_login(cast.users["superuser"])
    Region.objects.filter(pk=cast.region_a.pk).update(managing_authority_en="VLAIO ", managing_authority_website="https://vlaio.be")
    before = stored_state()
    page, text, _ = roundtrip(client, "xlsx")
    assert "0 to update" in text and "Regions" not in text, text[:1500]
    for table in ["regions", "organisations"]:
        page, text, _ = roundtrip(client, "csv", table=table)
        assert "0 to update" in text and "Regions:" not in text, text[:1500]
