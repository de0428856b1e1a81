"""The "related infrastructures" of a detail page: entries sharing its themes, most shared first."""

import pytest

from infrastructures.models import Infrastructure
from tests import factories

pytestmark = pytest.mark.django_db


def _related_names(client, entry):
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    return [related.name for related in response.context["related"]]


def test_related_entries_share_a_theme_most_shared_first_then_by_name(client):
    optics, lasers, food = factories.theme(), factories.theme(), factories.theme()
    entry = factories.infrastructure(name_en="Laser lab", themes=[optics, lasers])
    factories.infrastructure(name_en="Beta optics", themes=[optics])
    factories.infrastructure(name_en="Alpha lasers", themes=[lasers])
    factories.infrastructure(name_en="Zeta optics and lasers", themes=[optics, lasers])
    factories.infrastructure(name_en="Food pilot", themes=[food])
    factories.infrastructure(
        name_en="Draft optics", themes=[optics], publication_state=Infrastructure.PublicationState.DRAFT
    )

    assert _related_names(client, entry) == ["Zeta optics and lasers", "Alpha lasers", "Beta optics"]


def test_an_entry_sharing_most_themes_is_found_beyond_the_first_names_of_a_theme():
    """Each theme offers its first entries by name; one sharing every theme comes first even when a
    crowded theme alone would not have offered it."""
    crowded, rare = factories.theme(), factories.theme()
    entry = factories.infrastructure(name_en="Entry", themes=[crowded, rare])
    for letter in "ABCDE":
        factories.infrastructure(name_en=f"{letter} crowded", themes=[crowded])
    factories.infrastructure(name_en="Z both", themes=[crowded, rare])

    related = Infrastructure.objects.published().related_to(entry, pool_per_theme=2)

    assert [item.name for item in related] == ["Z both", "A crowded", "B crowded"]


def test_an_entry_without_themes_has_no_related_entries(client):
    factories.infrastructure(name_en="Themed", themes=[factories.theme()])
    assert _related_names(client, factories.infrastructure(name_en="Alone")) == []


def test_the_related_query_does_not_grow_with_the_catalogue(client, django_assert_max_num_queries):
    theme = factories.theme()
    entry = factories.infrastructure(themes=[theme])
    for _ in range(3):
        factories.infrastructure(themes=[theme])
    with django_assert_max_num_queries(12) as few:
        client.get(entry.get_absolute_url())
    for _ in range(20):
        factories.infrastructure(themes=[theme])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(entry.get_absolute_url())
