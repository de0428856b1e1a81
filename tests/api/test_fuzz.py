"""Schemathesis generates requests from the served OpenAPI schema and sends them through Django.

Zero server errors, and every response must match what the schema promises. Bounded in examples
so CI stays fast; anonymous and curator (token) clients both run.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from rii_catalogue.wsgi import application
from tests.rights import make_cast

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def fuzz_data(db):
    """The rights cast (drafts and published entries in two regions) and a manager's token."""
    # Django's test client does the same: with the test's transaction open, the request signals
    # must not close the database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cast = make_cast()
    yield Token.objects.get_or_create(user=cast.users["manager_a"])[0].key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_api_answers_every_generated_request_without_a_server_error(case, fuzz_data):
    case.call_and_validate(checks=CHECKS)
    case.call_and_validate(headers={"Authorization": f"Token {fuzz_data}"}, checks=CHECKS)
