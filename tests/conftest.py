import pytest
from django.core.management import call_command
from django.utils import translation

from infrastructures.search import forget_pending


@pytest.fixture
def seed(db):
    """The catalogue's seed data, as a newcomer gets it from the README's first command."""
    call_command("load_seed", verbosity=0)


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a request to /nl/ leaves Dutch active in the thread."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_write_state(settings, tmp_path):
    """Uploaded and produced files in a folder of the test's own; no index work left over from
    another test (a test's transaction never commits, so its after-commit work never runs)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    forget_pending()
    yield
    forget_pending()


def pytest_collection_modifyitems(items):
    """A test outside tests/browser asking for `page` or `browser` (say, a parameter named so)
    gets pytest-playwright's fixture and runs among the browser tests, whose database flushes
    then empty the vocabularies the tests after it need: refuse it at collection."""
    for item in items:
        browser_fixtures = {"page", "browser"} & set(getattr(item, "fixturenames", ()))
        if browser_fixtures and "tests/browser/" not in item.nodeid:
            raise pytest.UsageError(f"{item.nodeid}: 'page' and 'browser' are the browser tests' fixtures")
