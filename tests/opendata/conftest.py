import pytest

from tests.opendata.catalogue import make_catalogue


@pytest.fixture
def open_data_root(settings):
    """The folder of this test's open-data files (tests/conftest.py gives each test its own)."""
    return settings.OPEN_DATA_ROOT


@pytest.fixture
def catalogue(db, django_capture_on_commit_callbacks):
    """The test catalogue, its writes committed as far as their after-commit work goes (the change
    count): a test's own change then starts a transaction's worth of changes of its own."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_catalogue()
