"""Real-browser tests: Debian's Chromium driven by pytest-playwright against a live server."""

import os

import pytest
from django.core.management import call_command

# pytest-playwright's sync API keeps an event loop in the main thread; Django's ORM calls from the
# test body (loading the seed) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
    }


@pytest.fixture
def catalogue_url(live_server, transactional_db):
    """The seed catalogue served by a live server, as a newcomer sees it after `bin/serve`."""
    call_command("load_seed", verbosity=0)
    return live_server.url
