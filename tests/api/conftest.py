import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.rights import make_cast


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture
def api_as(cast):
    """An API client authenticated with the token of one of the cast's users."""

    def client_for(who):
        client = APIClient()
        user = cast.users[who]
        if user.is_authenticated:
            client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.get_or_create(user=user)[0].key)
        return client

    return client_for
