"""WSGI entry point for the RII catalogue."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rii_catalogue.settings")

application = get_wsgi_application()
