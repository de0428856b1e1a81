"""The publication workflow and who may move an entry through it; history recorded and reverted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from infrastructures import services
from infrastructures.models import Infrastructure, PublicationEvent
from tests.rights import make_cast

pytestmark = pytest.mark.django_db
State = Infrastructure.PublicationState


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.mark.parametrize(
    "start, target, allowed",
    [
        ("draft", "in_review", True), ("draft", "published", True), ("in_review", "published", True),
        ("in_review", "draft", True), ("published", "archived", True), ("published", "draft", True),
        ("archived", "draft", True), ("archived", "published", False), ("published", "in_review", False),
        ("archived", "in_review", False),
    ],
)  # fmt: skip
def test_workflow_transitions(cast, start, target, allowed):
    entry = cast.draft_a
    Infrastructure.objects.filter(pk=entry.pk).update(publication_state=start)
    entry.refresh_from_db()
    manager = cast.users["manager_a"]
    if allowed:
        services.infrastructure_transition(
            user=manager, infrastructure=entry, to_state=target, origin="admin"
        )
        event = PublicationEvent.objects.get(infrastructure=entry, to_state=target)
        assert (event.from_state, event.user, event.origin) == (start, manager, "admin")
    else:
        with pytest.raises(ValidationError):
            services.infrastructure_transition(
                user=manager, infrastructure=entry, to_state=target, origin="admin"
            )
    entry.refresh_from_db()
    assert entry.publication_state == (target if allowed else start)


@pytest.mark.parametrize("who", ["manager_b", "authority", "anonymous"])
def test_only_the_regions_manager_or_a_superuser_publishes(cast, who):
    with pytest.raises(PermissionDenied):
        services.infrastructure_transition(
            user=cast.users[who], infrastructure=cast.draft_a, to_state="published", origin="api"
        )
    services.infrastructure_transition(
        user=cast.users["superuser"], infrastructure=cast.draft_a, to_state="published", origin="admin"
    )
    cast.draft_a.refresh_from_db()
    assert cast.draft_a.publication_state == "published"


def test_history_records_who_changed_what_and_through_which_door(cast):
    entry = cast.draft_a
    manager = cast.users["manager_a"]
    services.infrastructure_update(
        user=manager, infrastructure=entry, data={"summary_en": "Better"}, origin="api"
    )
    latest = entry.history.first()
    assert (latest.summary_en, latest.history_change_reason) == ("Better", "api")


def test_history_is_viewable_and_revertible_from_the_admin(client, cast):
    entry = cast.draft_a
    client.force_login(cast.users["manager_a"])
    original_name = entry.name_en
    services.infrastructure_update(
        user=cast.users["manager_a"],
        infrastructure=entry,
        data={"name_en": "Renamed by mistake"},
        origin="admin",
    )
    history_url = reverse("admin:infrastructures_infrastructure_history", args=[entry.pk])
    page = client.get(history_url)
    assert page.status_code == 200 and "Renamed by mistake" in page.content.decode()
    first_version = entry.history.order_by("history_date").first()
    revert_url = reverse(
        "admin:infrastructures_infrastructure_simple_history", args=[entry.pk, first_version.history_id]
    )
    form = client.get(revert_url)
    assert form.status_code == 200
    data = {
        key: value for key, value in form.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list)
    }  # fmt: skip
    data |= {"owner": entry.owner_id, "region": entry.region_id, "kind": entry.kind, "status": entry.status}
    for prefix in ("equipment", "funding_records", "access_conditions", "publication_events"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = client.post(revert_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry.refresh_from_db()
    assert entry.name_en == original_name


def test_a_regional_programme_funds_only_entries_of_its_region_through_every_service(cast):
    from infrastructures.models import FundingRecord, Organisation
    from tests import factories

    manager = cast.users["manager_a"]
    erdf_b = factories.programme(slug="erdf-b", region=cast.region_b)
    erdf_a = factories.programme(slug="erdf-a", region=cast.region_a)
    interreg = factories.programme(slug="interreg", kind="interreg")
    with pytest.raises(ValidationError, match="funds only entries of South Netherlands"):
        services.funding_record_save(
            user=manager, record=FundingRecord(infrastructure=cast.draft_a), data={"programme": erdf_b},
            origin="api",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="funds only entries of South Netherlands"):
        services.infrastructure_update(
            user=manager, infrastructure=cast.draft_a, data={"funding_records": [{"programme": erdf_b}]},
            origin="api",
        )  # fmt: skip
    owner = Organisation.objects.get(slug="owner-a")
    with pytest.raises(ValidationError, match="funds only entries of South Netherlands"):
        services.funding_record_save(
            user=manager, record=FundingRecord(organisation=owner), data={"programme": erdf_b}, origin="api"
        )
    for programme in (erdf_a, interreg):
        services.funding_record_save(
            user=manager, record=FundingRecord(infrastructure=cast.draft_a), data={"programme": programme},
            origin="api",
        )  # fmt: skip
    assert set(cast.draft_a.funding_records.values_list("programme__slug", flat=True)) == {
        "erdf-a",
        "interreg",
    }
    # An operator from another region is fine: cross-border operation is real.
    services.infrastructure_update(
        user=manager,
        infrastructure=cast.draft_a,
        data={"operators": [owner, cast.draft_b.owner]},
        origin="api",
    )
    assert cast.draft_a.operators.count() == 2


def test_rights_are_checked_after_the_write_inside_the_transaction(cast, monkeypatch):
    """Even if a check before the write were wrong, the verification after it rolls back."""
    from regions import roles

    manager = cast.users["manager_a"]
    monkeypatch.setattr(roles, "may_edit_region", lambda user, region_id: True)  # a broken first check
    with pytest.raises(PermissionDenied):
        services.infrastructure_update(
            user=manager, infrastructure=cast.draft_b, data={"name_en": "Taken over"}, origin="api"
        )
    cast.draft_b.refresh_from_db()
    assert cast.draft_b.name_en != "Taken over"
