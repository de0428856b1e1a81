"""The funding of the rights cast: two ERDF programmes with an axis 1 each, an organisation's
grant, amounts with cents, a draft in each region."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from infrastructures.models import FundingRecord, PriorityAxis
from tests import factories
from tests.rights import make_cast


@dataclass
class Funding:
    cast: object
    flanders: object  # ERDF Flanders programme
    south: object  # ERDF South Netherlands programme
    axis_flanders: object
    axis_south: object
    records: dict


def record(programme, target, amount, eu_amount=None, axis=None, years=(None, None), **fields):
    kind = "organisation" if target.__class__.__name__ == "Organisation" else "infrastructure"
    return FundingRecord.objects.create(
        programme=programme,
        priority_axis=axis,
        amount=None if amount is None else Decimal(amount),
        eu_amount=None if eu_amount is None else Decimal(eu_amount),
        start_year=years[0],
        end_year=years[1],
        **{kind: target},
        **fields,
    )


@pytest.fixture
def funding(db):
    cast = make_cast()
    theme = factories.theme(slug="photonics", name_en="Photonics", name_nl="Fotonica")
    cast.published_a.themes.set([theme])
    flanders = factories.programme(
        slug="erdf-flanders", name_en="ERDF Flanders 2014-2020", region=cast.region_a
    )
    south = factories.programme(
        slug="erdf-south", name_en="ERDF South Netherlands 2014-2020", region=cast.region_b
    )
    axis_flanders = PriorityAxis.objects.create(programme=flanders, code="1", name_en="Research")
    axis_south = PriorityAxis.objects.create(programme=south, code="1", name_en="Innovation")
    axis_flanders_2 = PriorityAxis.objects.create(programme=flanders, code="2", name_en="SMEs")
    records = {
        "published_a": record(
            flanders, cast.published_a, "1250000.55", "500000.10", axis_flanders, (2015, 2017)
        ),
        "published_a_axis_2": record(
            flanders, cast.published_a, "99.99", None, axis_flanders_2, (2019, 2019)
        ),
        "draft_a": record(flanders, cast.draft_a, "2000000.00", "800000.00", axis_flanders, (2016, 2016)),
        "unknown_a": record(flanders, cast.published_a, None, None, axis_flanders, (2020, 2020)),
        "organisation_a": record(flanders, cast.published_a.owner, "8400000.00", None, None, (2014, 2014)),
        "published_b": record(south, cast.published_b, "3000000.01", "1200000.00", axis_south, (2016, 2018)),
        "draft_b": record(south, cast.draft_b, "10.00", "4.00", axis_south, (2017, 2017)),
    }
    return Funding(cast, flanders, south, axis_flanders, axis_south, records)
