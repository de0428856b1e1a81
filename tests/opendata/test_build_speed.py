"""The open-data files at size: the build, a stale file's stream and the curators' export read the
catalogue in a fixed number of queries however many entries it holds (a chunk of entries at a time,
what they hold read per table and chunk, never per entry), and what they write does not depend on
how the rows were read."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import AccessCondition, AccessForm, BusinessModel, PriceIndication
from infrastructures import exports
from infrastructures.models import Equipment, FundingRecord
from opendata import services
from opendata.downloads import DOWNLOADS
from tests import factories
from tests.opendata.catalogue import csv_rows, download
from tests.rights import make_user

pytestmark = pytest.mark.django_db
STREAMED = [item.name for item in DOWNLOADS if item.streams]  # all but the workbook
CSV_FILES = [item.name for item in DOWNLOADS if item.format == "csv"]


@pytest.fixture
def grow(db):
    """grow(n): n more published entries, each holding every kind of row the files have (operators,
    themes, two equipment items, two access conditions with their lists and a price each, funding)."""
    owner, operator = factories.organisation(), factories.organisation()
    programme = factories.programme(slug="erdf-grow")
    axis = programme.priority_axes.create(code="2", name_en="Growth")
    themes = [factories.theme(slug="grow-a"), factories.theme(slug="grow-b")]
    forms, models = list(AccessForm.objects.all()[:2]), list(BusinessModel.objects.all()[:1])

    def grow(count):
        for _ in range(count):
            entry = factories.infrastructure(owner=owner, themes=themes)
            entry.operators.set([operator, owner])
            Equipment.objects.create(infrastructure=entry, name_en="Laser", manufacturer="Light Co")
            Equipment.objects.create(infrastructure=entry, name_en="Prober")
            for tier in ("sme", "academic"):
                condition = AccessCondition.objects.create(infrastructure=entry, access_mode="wide")
                condition.forms_of_access.set(forms)
                condition.business_models.set(models)
                PriceIndication.objects.create(
                    access_condition=condition, tier=tier, unit="day", amount_from=Decimal("850.00")
                )
            FundingRecord.objects.create(
                infrastructure=entry, programme=programme, priority_axis=axis, amount=Decimal("10.00")
            )

    return grow


def queries_of(work):
    with CaptureQueriesContext(connection) as queries:
        work()
    return len(queries)


def test_the_build_reads_3_or_30_entries_in_the_same_queries(
    grow, open_data_root, django_assert_max_num_queries
):
    grow(3)
    with django_assert_max_num_queries(120) as few:
        services.published_files_build(force=True)
    grow(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        services.published_files_build(force=True)
    prices = csv_rows((open_data_root / "infrastructures-prices.csv").read_bytes())
    assert len(prices) == 30 * 2 and {row["condition"] for row in prices} == {"1", "2"}


@pytest.fixture
def builds_wait(settings):
    """Builds are queued, not run at once as the tests' task backend does: a request for a stale file
    only streams it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.parametrize("name", STREAMED)
def test_a_stale_file_streams_3_or_30_entries_in_the_same_queries(client, grow, builds_wait, name):
    """The file view while the catalogue changed since the last build (here: none yet) streams the
    file from the database: what the benchmark sets beside Datasette's CSV stream."""
    grow(3)
    few = queries_of(lambda: download(client, name))
    grow(27)
    assert queries_of(lambda: download(client, name)) == few


@pytest.mark.parametrize("name", STREAMED)
def test_a_stale_file_streams_the_bytes_the_build_then_writes(
    client, grow, builds_wait, open_data_root, name
):
    """The build writes the tables together, in one pass; the stream of a stale file writes only its
    own: the same bytes."""
    grow(3)
    response, streamed = download(client, name)
    assert response.status_code == 200 and response.streaming
    services.published_files_build()
    assert streamed == (open_data_root / name).read_bytes()


@pytest.mark.parametrize("chunk", [3, 4])
def test_entries_read_in_many_chunks_make_the_same_files(grow, open_data_root, monkeypatch, chunk):
    grow(9)
    services.published_files_build()
    in_one_chunk = {name: (open_data_root / name).read_bytes() for name in CSV_FILES}
    monkeypatch.setattr(exports, "CHUNK", chunk)  # 3 chunks of 3 and none after; 4, 4 and 1
    services.published_files_build(force=True)
    assert {name: (open_data_root / name).read_bytes() for name in CSV_FILES} == in_one_chunk


def test_the_curators_export_reads_3_or_30_entries_in_the_same_queries(client, grow):
    client.force_login(make_user("root", superuser=True))
    urls = [
        f"{reverse('curation:export', args=['csv'])}?table={layout.name}" for layout in exports.EXPORT_ORDER
    ]

    def count():
        counts = {
            url: queries_of(lambda url=url: b"".join(client.get(url).streaming_content)) for url in urls
        }
        return counts | {"xlsx": queries_of(lambda: client.get(reverse("curation:export", args=["xlsx"])))}

    grow(3)
    few = count()
    grow(27)
    assert count() == few
