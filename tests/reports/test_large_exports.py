"""A large funded list downloads with flat memory: CSV and JSON stream in chunks of rows, so five
times the rows must not take more memory (measured in the test process with tracemalloc)."""

import gc
import tracemalloc
from decimal import Decimal

import pytest
from django.urls import reverse

from infrastructures.models import FundingRecord
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FUNDING = reverse("reports:funding")


def add_records(programme, entries, count):
    FundingRecord.objects.bulk_create(
        FundingRecord(
            programme=programme,
            infrastructure=entries[number % len(entries)],
            project=f"Operation {number}",
            amount=Decimal("1000.01"),
            eu_amount=Decimal("400.00"),
            start_year=2014 + number % 7,
            end_year=2014 + number % 7,
        )
        for number in range(count)
    )


def peak_while_downloading(client, file_format):
    """Peak memory (bytes) while the download is read chunk by chunk, and the bytes received. The
    garbage collector is off: memory must stay flat without it, not only when it happens to run."""
    gc.disable()
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        response = client.get(FUNDING, {"format": file_format})
        assert response.streaming
        received = sum(len(chunk) for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], received
    finally:
        tracemalloc.stop()
        gc.enable()


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_memory_stays_flat_as_the_list_grows(client, file_format):
    region = factories.region(slug="flanders", name_en="Flanders")
    programme = factories.programme(slug="erdf", region=region)
    theme = factories.theme()
    entries = [factories.infrastructure(region=region, themes=[theme]) for _ in range(20)]
    add_records(programme, entries, 5_000)
    peak_while_downloading(client, file_format)  # the first request loads code, templates, translations
    small, small_bytes = peak_while_downloading(client, file_format)
    add_records(programme, entries, 20_000)
    large, large_bytes = peak_while_downloading(client, file_format)
    assert large_bytes > 4.9 * small_bytes  # five times the rows went out...
    print(f"{file_format}: 5,000 rows peak {small / 1e6:.1f} MB; 25,000 rows peak {large / 1e6:.1f} MB")
    assert large < 1.2 * small + 1_000_000  # ...in the same memory
