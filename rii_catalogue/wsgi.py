"""WSGI entry point for the RII catalogue."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rii_catalogue.settings")

application = get_wsgi_application()

# Reading the key makes Django refuse to start without DJANGO_SECRET_KEY (outside debug mode)
# instead of failing on the first request that signs something.
settings.SECRET_KEY  # noqa: B018
