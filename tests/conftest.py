import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture
def seed(db):
    """The catalogue's seed data, as a newcomer gets it from the README's first command."""
    call_command("load_seed", verbosity=0)


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a request to /nl/ leaves Dutch active in the thread."""
    with translation.override("en"):
        yield
