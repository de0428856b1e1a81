"""Full-text search on both databases: ranking, both languages, typo tolerance, an index kept current."""

import pytest

from infrastructures import services
from infrastructures.models import Equipment, Infrastructure
from infrastructures.search import search
from tests import factories

pytestmark = pytest.mark.django_db


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


def test_search_covers_owner_themes_keywords_and_equipment(admin_user, django_capture_on_commit_callbacks):
    owner = factories.organisation(name_en="Holst Centre")
    theme = factories.theme(name_en="Flexible electronics", name_nl="Flexibele elektronica")
    entry = factories.infrastructure(
        slug="flex", name_en="Pilot line", owner=owner, keywords="roll-to-roll", themes=[theme]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.equipment_save(
            user=admin_user,
            equipment=Equipment(infrastructure=entry),
            data={"name_en": "Inkjet printer", "manufacturer": "Meyer Burger"},
            origin="command",
        )
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


def test_index_follows_changes_made_through_the_services_once_committed(
    admin_user, django_capture_on_commit_callbacks
):
    entry = factories.infrastructure(slug="lab", name_en="Lab")
    theme = factories.theme(name_en="Photonics")
    assert found("photonics") == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.infrastructure_update(
            user=admin_user, infrastructure=entry, data={"themes": [theme]}, origin="api"
        )
    assert found("photonics") == []  # not before the commit
    for callback in callbacks:
        callback()
    assert found("photonics") == ["lab"]
    with django_capture_on_commit_callbacks(execute=True):
        services.infrastructure_update(
            user=admin_user, infrastructure=entry, data={"name_en": "Cleanroom"}, origin="api"
        )
    assert found("cleanroom") == ["lab"]
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_update(
            user=admin_user,
            organisation=entry.owner,
            data={"name_en": "Brussels Photonics Team"},
            origin="api",
        )
    assert found("brussels") == ["lab"]


def test_a_nested_write_rebuilds_the_entry_once(admin_user, django_capture_on_commit_callbacks, monkeypatch):
    from infrastructures import search as search_module

    entry = factories.infrastructure(slug="lab", name_en="Lab")
    rebuilt = []
    original = search_module._refresh_batch
    monkeypatch.setattr(search_module, "_refresh_batch", lambda ids: (rebuilt.extend(ids), original(ids)))
    nested = {
        "name_en": "Laser lab",
        "themes": [factories.theme(), factories.theme()],
        "equipment": [{"name_en": "Laser"}, {"name_en": "Microscope"}],
        "access_conditions": [
            {"open_to_smes": True, "prices": [{"tier": "sme", "unit": "day", "amount_from": 100}]}
        ],
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.infrastructure_update(user=admin_user, infrastructure=entry, data=nested, origin="api")
    assert rebuilt == [entry.pk]
    assert found("microscope") == ["lab"]


@pytest.mark.parametrize("typo", ["fotonics", "photonix", "pilot lien"])
def test_a_typo_still_finds_the_entry(typo):
    factories.infrastructure(slug="photonics-line", name_en="Photonics pilot line")
    factories.infrastructure(slug="electronics-line", name_en="Flexible electronics demonstrator")
    assert found(typo)[0] == "photonics-line"
    assert "electronics-line" not in found("fotonics")


def test_stemming_in_english_and_dutch():
    factories.infrastructure(slug="line", name_en="Pilot line", name_nl="Pilootlijn voor fotonische chips")
    assert found("pilootlijnen") == ["line"]
    assert found("pilot lines") == ["line"]
    assert found("3d-printing") == []
    factories.infrastructure(slug="printing", name_en="Large-scale 3D printing lab")
    assert found("3d-printing") == ["printing"]
