import pytest

from tests.rights import make_cast


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture
def company():
    """What a company types in the form, valid as it is."""
    return {
        "company_name": "Acme Optics BV",
        "vat_number": "BE 0403.170.701",
        "company_size": "small",
        "country": "BE",
        "contact_name": "An Peeters",
        "contact_email": "an@acme.example",
        "contact_phone": "+32 9 123 45 67",
        "need": "Reliability tests of 20 sensor boards, climate chamber, in March.",
        "wanted_from": "2027-03-01",
        "wanted_until": "2027-03-31",
        "wants_updates": "on",
        "consent": "on",
    }
