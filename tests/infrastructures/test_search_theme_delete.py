"""An entry is no longer found by the name of a theme deleted in the admin."""

import pytest
from django.urls import reverse

from infrastructures.models import Infrastructure, Theme
from infrastructures.search import search
from tests import factories
from tests.uploads import run_after_commit

pytestmark = pytest.mark.django_db


def test_an_entry_is_not_found_by_the_name_of_a_deleted_theme(admin_client):
    """ThemeAdmin saves through services.theme_save (which re-indexes the theme's entries) but
    deletes with Django's default delete_model: the entries keep the theme's names in their FTS5 row
    / tsvector and are still found by them."""
    theme = factories.theme(name_en="Quantum computing", name_nl="Kwantumcomputers")
    factories.infrastructure(slug="lab", name_en="Lab", themes=[theme])
    assert [entry.slug for entry in search(Infrastructure.objects.all(), "quantum")] == ["lab"]
    with run_after_commit():
        response = admin_client.post(
            reverse("admin:infrastructures_theme_delete", args=[theme.pk]), {"post": "yes"}
        )
    assert response.status_code == 302 and not Theme.objects.filter(pk=theme.pk).exists()
    assert list(search(Infrastructure.objects.all(), "quantum")) == []
