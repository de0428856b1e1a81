"""Full-text search: ranking, both languages, typo tolerance (PostgreSQL), an index kept current."""

import pytest
from django.db import connection

from infrastructures.models import Infrastructure
from infrastructures.search import search
from tests import factories

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance and stemming use PostgreSQL's search"
)


def found(text):
    return [entry.slug for entry in search(Infrastructure.objects.all(), text).order_by("-rank", "slug")]


def test_an_exact_name_match_ranks_above_a_mention_in_the_description():
    factories.infrastructure(
        slug="mention",
        name_en="Materials lab",
        description_en="Among other things we also do some photonics measurements.",
    )
    factories.infrastructure(slug="named", name_en="Photonics", summary_en="Optical testing.")
    assert found("photonics") == ["named", "mention"]


def test_every_word_must_match_and_unrelated_entries_stay_out():
    factories.infrastructure(slug="optics", name_en="Freeform optics pilot line")
    factories.infrastructure(slug="batteries", name_en="Battery test bed")
    assert found("freeform optics") == ["optics"]
    assert found("battery") == ["batteries"]
    assert found("quantum teleportation") == []


def test_search_covers_owner_themes_keywords_and_equipment():
    owner = factories.organisation(name_en="Holst Centre")
    entry = factories.infrastructure(slug="flex", name_en="Pilot line", owner=owner, keywords="roll-to-roll")
    entry.themes.add(factories.theme(name_en="Flexible electronics", name_nl="Flexibele elektronica"))
    entry.equipment.create(name_en="Inkjet printer", manufacturer="Meyer Burger")
    for text in ("holst", "flexible electronics", "roll-to-roll", "inkjet", "meyer burger"):
        assert found(text) == ["flex"], text


def test_dutch_text_is_searchable():
    factories.infrastructure(
        slug="lab",
        name_en="Test lab for predictive maintenance",
        name_nl="Testlab voor predictief onderhoud",
    )
    assert found("onderhoud") == ["lab"]
    assert found("maintenance") == ["lab"]


def test_index_follows_changes_to_the_entry_and_its_relations():
    entry = factories.infrastructure(slug="lab", name_en="Lab")
    assert found("photonics") == []
    entry.themes.add(factories.theme(name_en="Photonics"))
    assert found("photonics") == ["lab"]
    entry.name_en = "Cleanroom"
    entry.save()
    assert found("cleanroom") == ["lab"]
    entry.owner.name_en = "Brussels Photonics Team"
    entry.owner.save()
    assert found("brussels") == ["lab"]


@on_postgresql
@pytest.mark.parametrize("typo", ["fotonics", "photonix", "pilot lien"])
def test_a_typo_still_finds_the_entry(typo):
    factories.infrastructure(slug="photonics-line", name_en="Photonics pilot line")
    factories.infrastructure(slug="electronics-line", name_en="Flexible electronics demonstrator")
    assert found(typo)[0] == "photonics-line"
    assert "electronics-line" not in found("fotonics")


@on_postgresql
def test_stemming_in_english_and_dutch():
    factories.infrastructure(slug="line", name_en="Pilot line", name_nl="Pilootlijn voor fotonische chips")
    assert found("pilootlijnen") == ["line"]
    assert found("pilot lines") == ["line"]
    assert found("3d-printing") == []
    factories.infrastructure(slug="printing", name_en="Large-scale 3D printing lab")
    assert found("3d-printing") == ["printing"]
