import pytest
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """The catalogue's seed data, as a newcomer gets it from the README's first command."""
    call_command("load_seed", verbosity=0)
