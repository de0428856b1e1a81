"""The country check of coordinates applies when the point or the region changes: an entry stored
before the check can still be renamed, withdrawn or archived."""

import pytest
from django.core.exceptions import ValidationError

from infrastructures import services
from infrastructures.models import Infrastructure
from tests import factories

pytestmark = pytest.mark.django_db

State = Infrastructure.PublicationState


def legacy_entry():
    """A published Belgian entry stored before the check, with latitude and longitude swapped (the
    map's extent() expects such rows: 'data from before the check, a typo')."""
    region = factories.region(country="BE")
    return factories.infrastructure(region=region, latitude="4.350000", longitude="50.850000")


def test_a_published_entry_with_old_coordinates_can_still_be_withdrawn(admin_user):
    """Unpublishing changes publication_state only, yet save_checked's full_clean() calls clean(),
    which refuses the stored coordinates: the entry cannot be withdrawn or archived (admin, API,
    import) until someone fixes a field the curator did not touch."""
    entry = legacy_entry()
    try:
        services.infrastructure_transition(
            user=admin_user, infrastructure=entry, to_state=State.DRAFT, origin="api"
        )
    except ValidationError as error:
        pytest.fail(f"withdrawing was refused: {error.message_dict}")
    entry.refresh_from_db()
    assert entry.publication_state == State.DRAFT


def test_renaming_an_entry_with_old_coordinates_is_not_refused_for_them(admin_user):
    entry = legacy_entry()
    try:
        services.infrastructure_update(
            user=admin_user, infrastructure=entry, data={"name_en": "Renamed"}, origin="api"
        )
    except ValidationError as error:
        pytest.fail(f"a rename was refused: {error.message_dict}")
