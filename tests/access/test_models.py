from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from access.models import AccessCondition, AccessRequest, BusinessModel, PriceIndication
from tests import factories

pytestmark = pytest.mark.django_db


def test_access_request_without_consent_is_rejected_by_the_database():
    entry = factories.infrastructure()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessRequest.objects.create(
            infrastructure=entry,
            company_name="Acme",
            company_size="small",
            contact_name="An",
            contact_email="an@example.com",
            need="Testing",
            consent=False,
        )


def test_price_is_a_from_amount_or_on_quote_never_negative():
    condition = AccessCondition.objects.create(infrastructure=factories.infrastructure())

    def price(**fields):
        with transaction.atomic():
            return PriceIndication.objects.create(access_condition=condition, **fields)

    assert price(tier="sme", unit="hour", amount_from=Decimal("95.00")).pk
    assert price(tier="large_company", unit="hour", on_quote=True).pk
    for bad in (
        {"tier": "academic", "unit": "day"},  # neither amount nor on quote
        {"tier": "academic", "unit": "day", "amount_from": Decimal("10"), "on_quote": True},
        {"tier": "academic", "unit": "sample", "amount_from": Decimal("-5")},
        {"tier": "sme", "unit": "hour", "amount_from": Decimal("80")},  # same tier and unit twice
    ):
        with pytest.raises(IntegrityError):
            price(**bad)


def test_business_models_of_the_design_exist_in_both_languages():
    codes = set(BusinessModel.objects.values_list("code", flat=True))
    assert codes == {
        "pay_per_use",
        "membership",
        "collaborative_project",
        "contract_research",
        "voucher_funded",
        "free_first_use",
        "open_playground",
        "mobile_visit",
        "advisory_trajectory",
    }
    assert not BusinessModel.objects.filter(name_nl="").exists()
