"""Tombstones as the services leave them: whatever the public could see and no longer can (a deleted
row, an entry withdrawn from publication, an old slug) leaves one, so that a harvester keeping a
copy of the catalogue removes it; what becomes visible again loses it. Written by the services
whichever door called them; here the services directly, and the admin's doors to reference data
through its real delete confirmation."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from infrastructures import services
from infrastructures.models import Cluster, Equipment, FundingProgramme, Infrastructure, Theme, Tombstone
from regions import services as region_services
from regions.models import Region
from tests import factories
from tests.admin_forms import form_data
from tests.rights import make_cast

pytestmark = pytest.mark.django_db

Record, Reason = Tombstone.RecordType, Tombstone.Reason
State = Infrastructure.PublicationState


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture
def root(cast):
    return cast.users["superuser"]


def tombstones():
    return sorted((stone.record_type, stone.identifier, stone.reason) for stone in Tombstone.objects.all())


def move(cast, entry, to_state, user="manager_a"):
    services.infrastructure_transition(
        user=cast.users[user], infrastructure=entry, to_state=to_state, origin="api"
    )


def update(cast, entry, data, user="manager_a"):
    return services.infrastructure_update(
        user=cast.users[user], infrastructure=entry, data=data, origin="api"
    )


# Entries


@pytest.mark.parametrize("to_state", [State.DRAFT, State.ARCHIVED])
def test_an_entry_taken_out_of_publication_leaves_a_tombstone_with_the_time(cast, to_state):
    before = timezone.now()
    move(cast, cast.published_a, to_state)
    assert tombstones() == [(Record.INFRASTRUCTURE, "published-a", Reason.WITHDRAWN)]
    assert before <= Tombstone.objects.get().at <= timezone.now()


def test_publishing_it_again_removes_its_tombstone(cast):
    move(cast, cast.published_a, State.ARCHIVED)
    move(cast, cast.published_a, State.DRAFT)
    assert tombstones() == [(Record.INFRASTRUCTURE, "published-a", Reason.WITHDRAWN)]  # once, not twice
    move(cast, cast.published_a, State.PUBLISHED)
    assert tombstones() == []


def test_a_draft_moved_through_the_workflow_leaves_none(cast):
    for to_state in (State.IN_REVIEW, State.DRAFT, State.ARCHIVED):
        move(cast, cast.draft_a, to_state)
    assert tombstones() == []


def test_deleting_a_published_entry_leaves_a_tombstone_and_a_draft_none(cast, root):
    services.curated_delete(user=root, obj=cast.published_a, origin="admin")
    services.curated_delete(user=root, obj=cast.draft_a, origin="admin")  # its slug was never public
    assert tombstones() == [(Record.INFRASTRUCTURE, "published-a", Reason.DELETED)]


def test_a_deleted_entrys_slug_published_again_by_a_new_entry_loses_its_tombstone(cast, root):
    owner = cast.published_a.owner
    services.curated_delete(user=root, obj=cast.published_a, origin="admin")
    entry = services.infrastructure_create(
        user=cast.users["manager_a"],
        data={
            "slug": "published-a",
            "name_en": "Lab",
            "kind": "lab",
            "owner": owner,
            "region": cast.region_a,
        },
        origin="api",
    )
    assert tombstones() == [(Record.INFRASTRUCTURE, "published-a", Reason.DELETED)]  # a draft: not yet
    move(cast, entry, State.PUBLISHED)
    assert tombstones() == []


def test_a_published_entry_renamed_leaves_its_old_slug_and_a_drafts_leaves_none(cast):
    update(cast, cast.published_a, {"slug": "lab-a"})
    update(cast, cast.draft_a, {"slug": "draft-lab-a"})
    assert tombstones() == [(Record.INFRASTRUCTURE, "published-a", Reason.RENAMED)]
    update(cast, Infrastructure.objects.get(slug="lab-a"), {"slug": "published-a"})  # and back
    assert tombstones() == [(Record.INFRASTRUCTURE, "lab-a", Reason.RENAMED)]


def test_a_draft_renamed_to_a_deleted_entrys_slug_does_not_erase_its_tombstone(cast, root):
    services.curated_delete(user=root, obj=cast.published_a, origin="admin")
    assert tombstones() == [(Record.INFRASTRUCTURE, "published-a", Reason.DELETED)]
    # A curator reuses the slug for a draft: the public still sees nothing at /published-a/, and a
    # harvester that has not polled since the deletion must still learn to remove its copy.
    update(cast, cast.draft_a, {"slug": "published-a"})
    assert Infrastructure.objects.get(slug="published-a").publication_state == State.DRAFT
    assert tombstones() == [(Record.INFRASTRUCTURE, "published-a", Reason.DELETED)]


def test_a_draft_renamed_to_a_withdrawn_entrys_slug_does_not_erase_its_tombstone(cast):
    move(cast, cast.published_a, State.DRAFT)
    update(cast, cast.published_a, {"slug": "old-published-a"})
    update(cast, cast.draft_a, {"slug": "published-a"})  # a draft: the public sees nothing there yet
    assert (Record.INFRASTRUCTURE, "published-a", Reason.WITHDRAWN) in tombstones()


def test_withdrawing_and_renaming_in_one_update_does_not_publish_the_drafts_new_slug(cast):
    update(cast, cast.published_a, {"slug": "unannounced-merger", "publication_state": State.DRAFT})
    # The public knew "published-a" only; the new slug belongs to a draft and was never public.
    assert "unannounced-merger" not in {identifier for _record, identifier, _reason in tombstones()}


# Equipment


def items(*names):
    return [{"name_en": name} for name in names]


def test_an_item_removed_from_a_published_entrys_list_leaves_a_tombstone_by_its_id(cast):
    update(cast, cast.published_a, {"equipment": items("Laser", "Prober")})
    laser = Equipment.objects.get(name_en="Laser")
    prober = Equipment.objects.get(name_en="Prober")
    update(cast, cast.published_a, {"equipment": items("Prober")})
    assert tombstones() == [(Record.EQUIPMENT, str(laser.pk), Reason.DELETED)]
    assert list(cast.published_a.equipment.values_list("pk", flat=True)) == [prober.pk]  # kept, same id


def test_an_item_deleted_on_its_own_leaves_a_tombstone_only_from_a_published_entry(cast):
    laser = Equipment.objects.create(infrastructure=cast.published_a, name_en="Laser")
    laser_id = laser.pk
    services.dependent_delete(user=cast.users["manager_a"], row=laser, origin="admin")
    draft_laser = Equipment.objects.create(infrastructure=cast.draft_a, name_en="Laser")
    services.dependent_delete(user=cast.users["manager_a"], row=draft_laser, origin="admin")
    Equipment.objects.create(infrastructure=cast.draft_a, name_en="Prober")
    update(cast, cast.draft_a, {"equipment": []})  # a draft's items were never public
    assert tombstones() == [(Record.EQUIPMENT, str(laser_id), Reason.DELETED)]


@pytest.mark.parametrize("how", ["withdrawn", "deleted"])
def test_the_items_of_an_entry_that_leaves_publication_leave_tombstones(cast, root, how):
    laser = Equipment.objects.create(infrastructure=cast.published_a, name_en="Laser")
    if how == "withdrawn":
        move(cast, cast.published_a, State.DRAFT)
    else:
        services.curated_delete(user=root, obj=cast.published_a, origin="admin")
    buried = Tombstone.objects.filter(record_type=Record.EQUIPMENT).values_list("identifier", flat=True)
    assert str(laser.pk) in buried


def test_equipment_moved_from_a_published_entry_to_a_draft_leaves_a_tombstone(cast, root):
    item = Equipment.objects.create(infrastructure=cast.published_a, name_en="Laser")
    services.equipment_save(user=root, equipment=item, data={"infrastructure": cast.draft_a}, origin="admin")
    # The public no longer sees the item (it is a draft's now): harvesters must remove their copy.
    buried = Tombstone.objects.filter(record_type=Record.EQUIPMENT).values_list("identifier", flat=True)
    assert str(item.pk) in buried


# Organisations, themes, regions


def test_an_organisation_renamed_or_deleted_leaves_a_tombstone(cast, root):
    owner = cast.published_a.owner
    services.organisation_update(
        user=cast.users["manager_a"], organisation=owner, data={"slug": "lab-owner"}, origin="api"
    )
    spare = factories.organisation(slug="spare", region=cast.region_a)
    services.curated_delete(user=root, obj=spare, origin="admin")
    assert tombstones() == [
        (Record.ORGANISATION, "owner-a", Reason.RENAMED),
        (Record.ORGANISATION, "spare", Reason.DELETED),
    ]
    services.organisation_update(user=root, organisation=owner, data={"name_en": "Other name"}, origin="api")
    assert len(tombstones()) == 2  # no slug change, no tombstone


def test_a_theme_renamed_or_deleted_leaves_a_tombstone(root):
    optics, photonics = factories.theme(slug="optics"), factories.theme(slug="photonics")
    optics.slug = "optics-and-lasers"
    services.theme_save(user=root, theme=optics, origin="admin")
    services.theme_delete(user=root, themes=[photonics])
    photonics_again = Theme(slug="quantum", name_en="Quantum")
    services.theme_save(user=root, theme=photonics_again, origin="admin")  # a new theme: nothing to bury
    assert tombstones() == [
        (Record.THEME, "optics", Reason.RENAMED),
        (Record.THEME, "photonics", Reason.DELETED),
    ]


def test_a_region_renamed_leaves_a_tombstone_and_an_unchanged_slug_none(cast, root):
    region_services.region_save(user=root, region=cast.region_a, data={"slug": "vlaanderen"}, origin="import")
    region_services.region_save(user=root, region=cast.region_b, data={"name_en": "Zuid"}, origin="import")
    assert tombstones() == [(Record.REGION, "flanders", Reason.RENAMED)]


@pytest.mark.parametrize("record", ["organisation", "theme", "region"])
def test_a_slug_reused_by_a_new_record_loses_its_tombstone(cast, root, record):
    if record == "organisation":
        spare = factories.organisation(slug="spare", region=cast.region_a)
        services.curated_delete(user=root, obj=spare, origin="admin")
        services.organisation_create(
            user=root,
            data={"slug": "spare", "name_en": "Spare", "kind": "company", "region": cast.region_a},
            origin="api",
        )
    elif record == "theme":
        services.theme_delete(user=root, themes=[factories.theme(slug="spare")])
        services.theme_save(user=root, theme=Theme(slug="spare", name_en="Spare"), origin="admin")
    else:
        region_services.region_delete(user=root, regions=[factories.region(slug="spare")])
        region_services.region_save(
            user=root,
            region=Region(),
            data={"slug": "spare", "name_en": "Spare", "country": "BE"},
            origin="import",
        )
    assert tombstones() == []


# Reference data


def reference_rows(cast):
    region = factories.region(slug="mistake")
    programme = factories.programme(slug="old-programme")
    cluster = Cluster.objects.create(
        slug="old-cluster", name="Old cluster", kind="spearhead", region=cast.region_a
    )
    return region, programme, cluster


def test_reference_data_deleted_by_an_administrator_leaves_a_tombstone_each(cast, root):
    region, programme, cluster = reference_rows(cast)
    region_services.region_delete(user=root, regions=[region])
    services.reference_delete(user=root, objects=[programme, cluster])
    assert tombstones() == [
        (Record.CLUSTER, "old-cluster", Reason.DELETED),
        (Record.FUNDING_PROGRAMME, "old-programme", Reason.DELETED),
        (Record.REGION, "mistake", Reason.DELETED),
    ]
    assert not Region.objects.filter(slug="mistake").exists()


def test_reference_data_is_deleted_by_administrators_only(cast):
    region, programme, cluster = reference_rows(cast)
    with pytest.raises(PermissionDenied):
        region_services.region_delete(user=cast.users["manager_a"], regions=[region])
    with pytest.raises(PermissionDenied):
        services.reference_delete(user=cast.users["manager_a"], objects=[programme, cluster])
    assert tombstones() == [] and Region.objects.filter(slug="mistake").exists()


RECORDS = {Region: Record.REGION, FundingProgramme: Record.FUNDING_PROGRAMME, Cluster: Record.CLUSTER}
ADMIN_DELETES = [
    ("regions_region", 0, Region),
    ("infrastructures_fundingprogramme", 1, FundingProgramme),
    ("infrastructures_cluster", 2, Cluster),
]


@pytest.mark.parametrize(("admin_name", "index", "model"), ADMIN_DELETES)
def test_the_admins_delete_page_leaves_a_tombstone(client, cast, root, admin_name, index, model):
    row = reference_rows(cast)[index]
    url = reverse(f"admin:{admin_name}_delete", args=[row.pk])
    client.force_login(root)
    assert client.get(url).status_code == 200  # the confirmation
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302 and not model.objects.filter(pk=row.pk).exists()
    assert tombstones() == [(RECORDS[model], row.slug, Reason.DELETED)]


@pytest.mark.parametrize(("admin_name", "index", "model"), ADMIN_DELETES)
def test_the_admins_delete_selected_action_leaves_a_tombstone_each(
    client, cast, root, admin_name, index, model
):
    row = reference_rows(cast)[index]
    client.force_login(root)
    response = client.post(
        reverse(f"admin:{admin_name}_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not model.objects.filter(pk=row.pk).exists()
    assert tombstones() == [(RECORDS[model], row.slug, Reason.DELETED)]


@pytest.mark.parametrize(("admin_name", "index", "model"), ADMIN_DELETES)
def test_a_regional_manager_cannot_delete_reference_data_in_the_admin(client, cast, admin_name, index, model):
    row = reference_rows(cast)[index]
    client.force_login(cast.users["manager_a"])
    url = reverse(f"admin:{admin_name}_delete", args=[row.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.post(
        reverse(f"admin:{admin_name}_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert model.objects.filter(pk=row.pk).exists() and tombstones() == []


def test_a_region_renamed_in_the_admin_leaves_a_tombstone(client, cast, root):
    client.force_login(root)
    url = reverse("admin:regions_region_change", args=[cast.region_a.pk])
    response = client.post(url, form_data(client.get(url)) | {"slug": "vlaanderen"})
    assert response.status_code == 302
    assert Region.objects.get(pk=cast.region_a.pk).slug == "vlaanderen"
    assert tombstones() == [(Record.REGION, "flanders", Reason.RENAMED)]
    response = client.post(url, form_data(client.get(url)) | {"name_nl": "Vlaams Gewest"})
    assert response.status_code == 302 and len(tombstones()) == 1
