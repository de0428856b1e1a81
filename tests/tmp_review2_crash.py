import io
import pytest
from django.urls import reverse

from infrastructures.models import Job, Infrastructure, ImportMapping, Equipment
from tests import factories
from tests.infrastructures.test_spreadsheets import csv_file
from tests.infrastructures.test_spreadsheet_edges import workbook
from tests.rights import make_cast
from tests.uploads import page_text, upload, run_after_commit, confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db, client):
    cast = make_cast()
    client.force_login(cast.users["manager_a"])
    return cast


def last():
    return Job.objects.latest("pk")


@pytest.mark.parametrize("name,rows", [
    ("funding", [["infrastructure", "programme"], ["draft-a", "[clear]"]]),
    ("access_conditions", [["infrastructure", "condition", "access_mode"], ["draft-a", "[clear]", "wide"], ["draft-a", "1", "wide"]]),
    ("access_conditions", [["infrastructure", "condition", "forms_of_access"], ["draft-a", "1", "[clear]"]]),
    ("access_conditions", [["infrastructure", "condition", "business_models"], ["draft-a", "1", "[clear]"]]),
    ("access_conditions", [["infrastructure", "condition"], ["draft-a", "[clear]"]]),
    ("prices", [["infrastructure", "condition", "tier", "unit"], ["draft-a", "1", "[clear]", "day"]]),
    ("equipment", [["infrastructure", "name_en"], ["[clear]", "x"]]),
])
def test_clear_in_related(client, cast, name, rows):
    factories.programme(slug="p1")
    page = upload(client, csv_file(rows), f"x-{name}.csv")
    job = last()
    print(job.state, job.errors, job.result.get("changes"))
    assert "unexpectedly" not in page_text(page), page_text(page)
    if job.state == "checked":
        page = confirm(client, page)
        job = last()
        print("after confirm", job.state, job.errors)
        assert "unexpectedly" not in page_text(page), page_text(page)
        assert False, ("accepted", job.state, job.result.get("changes"))


from tests.infrastructures.test_spreadsheets import uniquip_file, UNIQUIP_HEADER


@pytest.mark.parametrize("name,content", [
    ("only-header.csv", b"slug,name_en,kind\n"),
    ("organisations.csv", b"slug,name_en,kind,owner,region\nx,X,lab,owner-a,flanders\n"),
    ("organisations.csv", b"slug,name_en\ndraft-a,New\n"),
    ("regions.csv", b"slug,name_en\nflanders,Changed\n"),
    ("empty-first.xlsx", None),
    ("upper.xlsx", None),
    ("dup-sheets.xlsx", None),
    ("equip-noinfra.xlsx", None),
    ("nohdr.csv", b"\n\n,,\n"),
    ("bomonly.csv", b"\xef\xbb\xbf"),
    ("semi.csv", b"slug;name_en;city\ndraft-a;X;\"a;b\"\n"),
    ("long-slug.csv", b"slug,name_en\n" + b"a" * 150 + b",X\n"),
    ("prices-only.csv", b"infrastructure,condition,tier,unit,amount_from\ndraft-a,1,sme,day,5\n"),
    ("related-blank-key.csv", b"infrastructure,name_en\n'=x,X\n"),
])
def test_files(client, cast, name, content):
    if name == "empty-first.xlsx":
        content = workbook({"Sheet1": [], "Sheet2": [["slug", "name_en"], ["draft-a", "New"]]})
    elif name == "upper.xlsx":
        content = workbook({" Infrastructures ": [["slug", "city"], ["draft-a", "Gent"]], "Access Conditions": [["infrastructure", "condition"], ["draft-a", 1]]})
    elif name == "dup-sheets.xlsx":
        content = workbook({"equipment": [["infrastructure", "name_en"], ["draft-a", "A"]], "Equipment ": [["infrastructure", "name_en"], ["draft-a", "B"]]})
    elif name == "equip-noinfra.xlsx":
        content = workbook({"equipment": [["name_en"], ["A"]]})
    page = upload(client, content, name)
    job = Job.objects.order_by("pk").last()
    print(name, page.status_code, job and job.state, job and job.errors[:3], job and job.result.get("changes"), job and job.result.get("warnings"))
    assert page.status_code in (200, 400), page.status_code
    assert "unexpectedly" not in page_text(page), page_text(page)


def _mapping_job(client):
    upload(client, uniquip_file(), "equipment-list.csv")
    return Job.objects.get()


@pytest.mark.parametrize("extra", [
    {},
    {"column_99": "name_en"},
    {"rows_are": "bogus"},
    {"rows_are": "equipment", "equipment_of": "nonexistent"},
    {"save_as": "x" * 101},
    {"column_1": "version"},
    {"column_1": "equipment:name_en"},
    {"rows_are": "equipment", "equipment_of": "draft-a", "column_1": "equipment:name_en", "column_2": "equipment:name_en"},
    {"encoding": "bogus"},
    {"encoding": "utf-16"},
    {"default_owner": "owner-b", "column_1": "name_en"},
    {"default_region": "south-netherlands", "column_1": "name_en"},
    {"create_organisations": "on", "column_1": "name_en"},
])
def test_mapping_posts(client, cast, extra):
    job = _mapping_job(client)
    form = {"rows_are": "infrastructures", "column_1": "name_en"} if "column_1" not in extra else {"rows_are": "infrastructures"}
    form |= extra
    with run_after_commit():
        response = client.post(reverse("curation:job-recheck", args=[job.pk]), form)
    print(extra, response.status_code)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        page = client.get(response["Location"])
        job.refresh_from_db()
        print(job.state, job.errors[:2], job.parameters.get("defaults"))
        assert "unexpectedly" not in page_text(page)


def test_two_mappings_same_name(client, cast):
    job = _mapping_job(client)
    form = {"rows_are": "infrastructures", "column_1": "name_en", "save_as": "M"}
    with run_after_commit():
        assert client.post(reverse("curation:job-recheck", args=[job.pk]), form).status_code == 302
    upload(client, b"Title,Town\nA,B\n", "other.csv")
    job2 = Job.objects.latest("pk")
    form = {"rows_are": "infrastructures", "column_0": "name_en", "column_1": "city", "save_as": "M"}
    with run_after_commit():
        r = client.post(reverse("curation:job-recheck", args=[job2.pk]), form)
    print(r.status_code, list(ImportMapping.objects.values("name", "columns")))
    # the first file's mapping is now silently replaced
    upload(client, uniquip_file(), "equipment-list.csv")
    print(Job.objects.latest("pk").state)


def test_wrong_encoding_loses_file(client, cast):
    page = upload(client, "slug,name_en,city\ndraft-a,X,Brügge\n".encode("cp1252") + b"x", "entries.csv")
    job = Job.objects.latest("pk")
    print("first", job.state, job.result.get("encoding"), bool(job.upload))
    with run_after_commit():
        r = client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "utf-8"})
    job.refresh_from_db()
    page = client.get(job.get_absolute_url())
    print("after utf-8", job.state, job.errors, bool(job.upload), "Read again" in page.content.decode())
    with run_after_commit():
        r = client.post(reverse("curation:job-recheck", args=[job.pk]), {"encoding": "cp1252"})
    print("retry", r.status_code)


def test_blank_first_row_sheet_dropped(client, cast):
    Equipment.objects.create(infrastructure=cast.draft_a, name_en="Old")
    content = workbook({
        "infrastructures": [["slug", "city"], ["draft-a", "Gent"]],
        "equipment": [[None, None], ["infrastructure", "name_en"], ["draft-a", "New"]],
    })
    page = upload(client, content, "x.xlsx")
    job = Job.objects.latest("pk")
    print("RESULT", job.state, job.errors, job.result.get("changes"), job.result.get("warnings"))
