import pytest
from decimal import Decimal
from infrastructures.models import Job, Infrastructure
from infrastructures import services
from tests import factories
from tests.infrastructures.test_spreadsheets import csv_file
from tests.rights import make_cast
from tests.uploads import page_text, upload, confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db, client):
    cast = make_cast()
    client.force_login(cast.users["manager_a"])
    p = factories.programme(slug="p1", region=cast.region_a)
    p.priority_axes.create(code="1", name_en="A")
    factories.programme(slug="pb", region=cast.region_b)
    factories.programme(slug="pnone")
    services.infrastructure_update(user=cast.users["superuser"], infrastructure=cast.draft_a,
        data={"access_conditions": [{"access_mode": "wide"}]}, origin="admin")
    Infrastructure.objects.filter(pk=cast.draft_a.pk).update(latitude=Decimal("51"), longitude=Decimal("3"), trl_min=3, trl_max=5)
    return cast


CASES = {
    "neg-price": ("p.csv", [["infrastructure", "condition", "tier", "unit", "amount_from"], ["draft-a", "1", "sme", "day", "-5"]]),
    "neg-funding": ("f.csv", [["infrastructure", "programme", "amount"], ["draft-a", "p1", "-5"]]),
    "eu-gt": ("f.csv", [["infrastructure", "programme", "amount", "eu_amount"], ["draft-a", "p1", "5", "6"]]),
    "years": ("f.csv", [["infrastructure", "programme", "start_year", "end_year"], ["draft-a", "p1", "2020", "2019"]]),
    "prog-b": ("f.csv", [["infrastructure", "programme"], ["draft-a", "pb"]]),
    "year-neg": ("f.csv", [["infrastructure", "programme", "start_year"], ["draft-a", "p1", "-1"]]),
    "year-big": ("f.csv", [["infrastructure", "programme", "start_year"], ["draft-a", "p1", "70000"]]),
    "lead-big": ("a.csv", [["infrastructure", "condition", "lead_time_days"], ["draft-a", "1", "99999999999"]]),
    "lead-neg": ("a.csv", [["infrastructure", "condition", "lead_time_days"], ["draft-a", "1", "-1"]]),
    "trl": ("e.csv", [["slug", "trl_min"], ["draft-a", "7"]]),
    "trl-max-clear-min": ("e.csv", [["slug", "trl_max", "trl_min"], ["draft-a", "2", ""]]),
    "lat-clear": ("e.csv", [["slug", "latitude"], ["draft-a", "[clear]"]]),
    "lat-95": ("e.csv", [["slug", "latitude"], ["draft-a", "95"]]),
    "ver-big": ("e.csv", [["slug", "city", "version"], ["draft-a", "X", "99999999999999999999"]]),
    "ver-neg": ("e.csv", [["slug", "city", "version"], ["draft-a", "X", "-1"]]),
    "cond-big": ("a.csv", [["infrastructure", "condition"], ["draft-a", "99999999999999999999999"]]),
    "slug-upper": ("e.csv", [["slug", "name_en", "kind", "owner", "region"], ["Draft-A", "X", "lab", "owner-a", "flanders"]]),
    "org-upper": ("organisations.csv", [["slug", "name_en", "kind", "region"], ["Owner-A", "X", "university", "flanders"]]),
    "eq-long": ("q.csv", [["infrastructure", "name_en"], ["draft-a", "x" * 201]]),
    "axis-wrong": ("f.csv", [["infrastructure", "programme", "priority_axis"], ["draft-a", "pnone", "1"]]),
    "two-same-funding": ("f.csv", [["infrastructure", "programme"], ["draft-a", "p1"], ["draft-a", "p1"]]),
    "amount-many-dec": ("f.csv", [["infrastructure", "programme", "amount"], ["draft-a", "p1", "1.005"]]),
    "price-3dec": ("p.csv", [["infrastructure", "condition", "tier", "unit", "amount_from"], ["draft-a", "1", "sme", "day", "1.001"]]),
    "lat-7dec": ("e.csv", [["slug", "latitude"], ["draft-a", "51.1234567"]]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_write(client, cast, case):
    name, rows = CASES[case]
    page = upload(client, csv_file(rows), name)
    job = Job.objects.latest("pk")
    state1 = job.state
    if job.state == "checked":
        page = confirm(client, page)
        job.refresh_from_db()
    print("RESULT", case, state1, "->", job.state, [e["message"][:90] for e in job.errors][:3])
    assert "unexpectedly" not in page_text(page)
    assert not (state1 == "checked" and job.state == "failed"), job.errors
