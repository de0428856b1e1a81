import pytest


@pytest.fixture
def open_data_root(settings):
    """The folder of this test's open-data files (tests/conftest.py gives each test its own)."""
    return settings.OPEN_DATA_ROOT
