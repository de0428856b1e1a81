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
