"""The data rules hold in the database itself, whatever door a write comes through."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from infrastructures.models import FundingRecord, Infrastructure
from tests import factories

pytestmark = pytest.mark.django_db


def rejected_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    "fields",
    [
        {"trl_min": 0},
        {"trl_min": 10},
        {"trl_max": 0},
        {"trl_max": 10},
        {"trl_min": 7, "trl_max": 3},
        {"latitude": Decimal("90.5"), "longitude": Decimal("4")},
        {"latitude": Decimal("-91"), "longitude": Decimal("4")},
        {"latitude": Decimal("50"), "longitude": Decimal("180.5")},
        {"latitude": Decimal("50"), "longitude": Decimal("-181")},
        {"latitude": Decimal("50")},
    ],
    ids=[
        "trl-min-0",
        "trl-min-10",
        "trl-max-0",
        "trl-max-10",
        "trl-min-above-max",
        "latitude-above-90",
        "latitude-below-90",
        "longitude-above-180",
        "longitude-below-180",
        "latitude-without-longitude",
    ],
)
def test_database_rejects_infrastructure_breaking_a_rule(fields):
    owner = factories.organisation()
    rejected_by_database(lambda: factories.infrastructure(owner=owner, **fields))


def test_database_accepts_valid_trl_range_and_coordinates():
    entry = factories.infrastructure(
        trl_min=3, trl_max=7, latitude=Decimal("51.230600"), longitude=Decimal("5.313300")
    )
    entry.refresh_from_db()
    assert (entry.trl_min, entry.trl_max) == (3, 7)
    assert entry.latitude == Decimal("51.230600")


def test_full_clean_explains_a_broken_trl_range():
    entry = Infrastructure(
        slug="x",
        name_en="X",
        kind="lab",
        trl_min=8,
        trl_max=2,
        owner=factories.organisation(),
        region=factories.region(),
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "The lowest TRL cannot be above the highest." in str(error.value)


def test_slugs_are_unique():
    factories.infrastructure(slug="pilot-line")
    rejected_by_database(lambda: factories.infrastructure(slug="pilot-line"))
    factories.organisation(slug="lab-owner")
    rejected_by_database(lambda: factories.organisation(slug="lab-owner"))
    factories.theme(slug="photonics")
    rejected_by_database(lambda: factories.theme(slug="photonics"))


def test_region_nuts_code_is_unique_but_may_be_empty():
    factories.region(nuts_code="BE2")
    rejected_by_database(lambda: factories.region(nuts_code="BE2"))
    factories.region(nuts_code="")
    factories.region(nuts_code="")  # several regions without a NUTS code are fine


def funding(**fields):
    defaults = {"programme": factories.programme(), "amount": Decimal("1000.00")}
    return FundingRecord.objects.create(**(defaults | fields))


def test_funding_record_points_at_exactly_one_target():
    entry = factories.infrastructure()
    rejected_by_database(lambda: funding())
    rejected_by_database(lambda: funding(infrastructure=entry, organisation=entry.owner))
    assert funding(infrastructure=entry).pk
    assert funding(organisation=entry.owner).pk


def test_funding_amounts_are_not_negative_and_eu_share_within_total():
    entry = factories.infrastructure()
    rejected_by_database(lambda: funding(infrastructure=entry, amount=Decimal("-0.01")))
    rejected_by_database(lambda: funding(infrastructure=entry, eu_amount=Decimal("-1")))
    rejected_by_database(
        lambda: funding(infrastructure=entry, amount=Decimal("100"), eu_amount=Decimal("100.01"))
    )
    rejected_by_database(lambda: funding(infrastructure=entry, start_year=2016, end_year=2014))


def test_funding_amount_keeps_exact_cents():
    record = funding(infrastructure=factories.infrastructure(), amount=Decimal("13278000.07"))
    record.refresh_from_db()
    assert record.amount == Decimal("13278000.07")


def test_priority_axis_must_belong_to_the_records_programme():
    erdf, interreg = factories.programme(), factories.programme()
    axis = erdf.priority_axes.create(code="1", name_en="Research and innovation")
    record = FundingRecord(programme=interreg, priority_axis=axis, organisation=factories.organisation())
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "priority_axis" in error.value.message_dict


def test_priority_axis_codes_are_unique_per_programme():
    erdf = factories.programme()
    erdf.priority_axes.create(code="1", name_en="Research")
    rejected_by_database(lambda: erdf.priority_axes.create(code="1", name_en="Again"))
    assert factories.programme().priority_axes.create(code="1", name_en="Other programme").pk


def test_organisation_cannot_be_part_of_itself():
    parent = factories.organisation()
    child = factories.organisation(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.full_clean()
    child.parent = child
    rejected_by_database(child.save)
