"""Every write to infrastructures, organisations, equipment and funding. The admin (pages, inlines,
actions), the API, the import job and the commands call these (through the package
`infrastructures.services`); nothing else writes those rows.

Each service is atomic and follows one path:
1. lock the stored row (`writes.lock`) and check the user's rights on it as stored, and the version
   the caller saw, when it says one (If-Match, the admin's hidden field);
2. apply only the fields the caller changed, validate (`full_clean`), raise the version, save, with
   the user and the door (admin, api, import, command) in the history;
3. verify inside the transaction that the row is still in `editable_by(user)` (no moving an entry
   to a region the user does not manage, whichever door it came through);
4. rebuild the search index once per changed entry, after the commit;
5. leave a tombstone (`tombstones.py`) for whatever the public could see and no longer can: a deleted
   row, an entry withdrawn from publication, an old slug. Harvesters of the API remove their copies.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.models import AccessCondition, PriceIndication
from infrastructures.models import (
    Equipment,
    FundingRecord,
    Infrastructure,
    Organisation,
    OrganisationFigure,
    PriorityAxis,
    PublicationEvent,
    Theme,
)
from infrastructures.search import index_after_commit
from infrastructures.services import tombstones, touches
from infrastructures.services.tombstones import Reason, Record
from regions import roles
from regions.models import Region
from rii_catalogue import writes

State = Infrastructure.PublicationState

# draft -> in review -> published -> archived; a manager may also publish a draft directly,
# withdraw a published entry to draft, and bring an archived one back as a draft.
ALLOWED_TRANSITIONS = {
    State.DRAFT: {State.IN_REVIEW, State.PUBLISHED, State.ARCHIVED},
    State.IN_REVIEW: {State.DRAFT, State.PUBLISHED, State.ARCHIVED},
    State.PUBLISHED: {State.DRAFT, State.ARCHIVED},
    State.ARCHIVED: {State.DRAFT},
}

RELATION_FIELDS = ("themes", "operators")
NESTED_FIELDS = ("equipment", "access_conditions", "funding_records")
EQUIPMENT_FIELDS = (
    "name_en", "name_nl", "description_en", "description_nl", "manufacturer", "model_number",
    "identifier", "identifier_type", "landing_page",
)  # fmt: skip
DERIVED_FIELDS = ["search_vector"]


# Rights


def _check_owner(user, field, organisation):
    if organisation is not None and not roles.may_edit_region(user, organisation.region_id):
        raise ValidationError(
            {
                field: _("%(organisation)s belongs to a region you do not manage.")
                % {"organisation": organisation}
            }
        )


def _check_region(user, region_id):
    if region_id is not None and not roles.may_edit_region(user, region_id):
        region = Region.objects.filter(pk=region_id).first()
        raise ValidationError({"region": _("You do not manage the region %(region)s.") % {"region": region}})


def _refuse(message_object):
    raise PermissionDenied(
        _("You may not change %(object)s: it belongs to a region you do not manage.")
        % {"object": message_object}
    )


def _verify_editable(user, instance, queryset):
    """After writing, inside the transaction: the row as now stored must still be the user's."""
    if not queryset.editable_by(user).filter(pk=instance.pk).exists():
        _refuse(instance)


# Infrastructures


def _split(data):
    data = dict(data)
    relations = {name: data.pop(name) for name in RELATION_FIELDS if name in data}
    nested = {name: data.pop(name) for name in NESTED_FIELDS if name in data}
    state = data.pop("publication_state", None)
    return data, relations, nested, state


def _lock_own(user, row, expected_version=None):
    """Lock a stored entry or organisation; the user must manage its region as stored; the version
    must be the one the caller saw. The object in hand is reloaded (a form may have changed it)."""
    writes.lock(row)
    if not roles.may_edit_region(user, row.region_id):
        _refuse(row)
    writes.check_version(row, expected_version)
    return row


def region_saved(sender, region, stored_slug, user=None, **kwargs):
    """A region added or changed (regions.signals: the regions app imports no other): its old slug
    gets a tombstone, and what shows its slug changed with it."""
    tombstones.record_slug_change(Record.REGION, stored_slug, region)
    if stored_slug is not None and region.slug != stored_slug:
        touches.entries(Infrastructure.objects.filter(region=region).values_list("pk", flat=True), user)
        touches.slug_holders(region)


def _save_entry(user, entry, origin, changed=None):
    _check_region(user, entry.region_id)
    writes.save_checked(entry, user=user, origin=origin, changed=changed, exclude=DERIVED_FIELDS)
    _verify_editable(user, entry, Infrastructure.objects)
    index_after_commit([entry.pk])
    return entry


def _write_relations(entry, relations, nested, *, user, origin, is_new=False):
    # Operators may come from any region: cross-border operation is real.
    for name, values in relations.items():
        if values or not is_new:  # a new entry has nothing to clear
            getattr(entry, name).set(values)
    for name, items in nested.items():
        NESTED_WRITERS[name](entry, items, user=user, origin=origin)


@transaction.atomic
def infrastructure_create(*, user, data, origin, infrastructure=None):
    """Create an entry (a draft unless `publication_state` asks for more) with its nested data.

    `infrastructure` is an unsaved entry whose fields a form already set (the admin); otherwise the
    entry is built from `data`.
    """
    fields, relations, nested, state = _split(data)
    entry = infrastructure if infrastructure is not None else Infrastructure()
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.publication_state = State.DRAFT
    _check_region(user, entry.region_id)
    if entry.owner_id:
        _check_owner(user, "owner", entry.owner)
    _save_entry(user, entry, origin)
    PublicationEvent.objects.create(infrastructure=entry, to_state=State.DRAFT, user=user, origin=origin)
    _write_relations(entry, relations, nested, user=user, origin=origin, is_new=True)
    if state and state != State.DRAFT:
        _transition(user, entry, state, origin)
    return entry


@transaction.atomic
def infrastructure_update(*, user, infrastructure, data, origin, expected_version=None):
    """Change the given fields and, where given, replace the relations and nested lists.

    `data` holds what the caller changed (a field left out keeps its stored value, even if another
    curator changed it meanwhile). A state change goes through the workflow.
    """
    fields, relations, nested, state = _split(data)
    entry = _lock_own(user, infrastructure, expected_version)
    relations = {  # only those that differ: an unchanged row (an import's) writes nothing
        name: values
        for name, values in relations.items()
        if {item.pk for item in values} != set(getattr(entry, name).values_list("pk", flat=True))
    }
    stored_owner_id, stored_slug = entry.owner_id, entry.slug
    changed = writes.apply_changes(entry, fields)
    if entry.owner_id != stored_owner_id:
        _check_owner(user, "owner", entry.owner)
    if changed or relations or nested:
        _save_entry(user, entry, origin, changed=changed)
    # Withdrawn in the same write: the public knew it by its old slug only, which _transition buries.
    leaving = entry.is_published and bool(state) and state != State.PUBLISHED
    if entry.slug != stored_slug:
        tombstones.record_slug_change(
            Record.INFRASTRUCTURE, stored_slug, entry, public=entry.is_published and not leaving
        )
        touches.rows_of(entry)  # they name their entry by its slug
    _write_relations(entry, relations, nested, user=user, origin=origin)
    if state and state != entry.publication_state:
        _transition(user, entry, state, origin, public_slug=stored_slug)
    return entry


def _transition(user, entry, to_state, origin, public_slug=None):
    """`public_slug`: the slug the public knew the entry by, when the same write changed it."""
    from_state = entry.publication_state
    if to_state not in ALLOWED_TRANSITIONS.get(from_state, set()):
        raise ValidationError(
            {
                "publication_state": _("An entry cannot go from %(from)s to %(to)s.")
                % {"from": State(from_state).label, "to": State(to_state).label}
            }
        )
    entry.publication_state = to_state
    writes.save_checked(
        entry, user=user, origin=origin, changed=["publication_state"], exclude=DERIVED_FIELDS
    )
    PublicationEvent.objects.create(
        infrastructure=entry, from_state=from_state, to_state=to_state, user=user, origin=origin
    )
    if from_state == State.PUBLISHED:
        tombstones.bury(Record.INFRASTRUCTURE, public_slug or entry.slug, Reason.WITHDRAWN)
        tombstones.bury_items_of(entry, Reason.WITHDRAWN)
    elif to_state == State.PUBLISHED:
        tombstones.unbury(Record.INFRASTRUCTURE, entry.slug)
        tombstones.unbury_items_of(entry)
        touches.rows_of(entry)  # harvesters of equipment and funding see them appear
    index_after_commit([entry.pk])  # what the public sees changed (counts, facets)


@transaction.atomic
def infrastructure_transition(*, user, infrastructure, to_state, origin, expected_version=None):
    """Move an entry through the publication workflow and record who did it, when and how."""
    entry = _lock_own(user, infrastructure, expected_version)
    _transition(user, entry, to_state, origin)
    return entry


@transaction.atomic
def infrastructure_mark_reviewed(*, user, infrastructure, origin, on=None):
    """A curator checked the entry against its source today (shown in public as 'last verified on')."""
    entry = _lock_own(user, infrastructure)
    entry.last_reviewed_on = on or timezone.localdate()
    writes.save_checked(entry, user=user, origin=origin, changed=["last_reviewed_on"], exclude=DERIVED_FIELDS)
    return entry


# Rows that belong to an entry: equipment, access conditions and their prices, funding records.
# One path for all of them: the rights are those of the entry (or, for funding, the organisation)
# it belongs to, before and after the change; the entry's version goes up with them.


def _parent_of(row):
    if isinstance(row, PriceIndication):
        return row.access_condition.infrastructure if row.access_condition_id else None
    if isinstance(row, FundingRecord) and not row.infrastructure_id:
        return row.organisation if row.organisation_id else None
    if isinstance(row, OrganisationFigure):
        return row.organisation if row.organisation_id else None
    return row.infrastructure if row.infrastructure_id else None


def _check_parent(user, parent):
    if parent is None:
        return
    if not roles.may_edit_region(user, parent.region_id):
        _refuse(parent)


def _lock_entry_of(row):
    """Lock the entry a stored row belongs to before the row itself: every service takes the entry
    first (a nested PUT locks the entry, then replaces its rows), so two writers never wait for
    each other in opposite order."""
    if isinstance(row, OrganisationFigure):
        return  # an organisation's own row: no entry to lock
    if isinstance(row, PriceIndication):
        entry_id = AccessCondition.objects.filter(prices=row.pk).values_list("infrastructure_id", flat=True)
    else:
        entry_id = type(row)._default_manager.filter(pk=row.pk).values_list("infrastructure_id", flat=True)
    entry_id = entry_id.first()
    if entry_id is not None:
        entry = Infrastructure.objects.select_for_update(no_key=True).filter(pk=entry_id)
        list(entry.values_list("pk", flat=True))


def _m2m_names(row):
    return {field.name for field in row._meta.many_to_many}


@transaction.atomic
def dependent_save(*, user, row, data, origin, expected_version=None):
    """Create `row` (unsaved, fields set by a form or by `data`) or change the fields in `data`."""
    data = dict(data)
    many = {name: data.pop(name) for name in _m2m_names(row) & set(data)}
    adding = row._state.adding
    stored_parent = None
    if not adding:
        _lock_entry_of(row)
        writes.lock(row)
        writes.check_version(row, expected_version)
        stored_parent = _parent_of(row)
        _check_parent(user, stored_parent)  # as stored
    changed = writes.apply_changes(row, data)
    parent = _parent_of(row)
    if parent is None:
        raise ValidationError(_("Say which infrastructure or organisation this belongs to."))
    _check_parent(user, parent)  # as it will be
    if not (adding or changed or many):
        return row  # nothing to write: no new version, no conflict for anyone else
    writes.save_checked(row, user=user, origin=origin, changed=None if adding else changed)
    for name, values in many.items():
        getattr(row, name).set(values)
    _verify_editable(user, parent, type(parent).objects)
    # A row moved to another entry changes both; an item moved out of public view leaves a tombstone.
    if isinstance(row, Equipment) and stored_parent is not None and stored_parent.pk != parent.pk:
        if stored_parent.is_published and not parent.is_published:
            tombstones.bury_equipment([row], stored_parent)
        elif parent.is_published:
            tombstones.unbury(Record.EQUIPMENT, str(row.pk))
    for entry_id in {entry.pk for entry in (stored_parent, parent) if isinstance(entry, Infrastructure)}:
        touches.entry(entry_id, user)
    return row


@transaction.atomic
def dependent_delete(*, user, row, origin):
    _lock_entry_of(row)
    writes.lock(row)
    parent = _parent_of(row)
    _check_parent(user, parent)
    tombstones.bury_equipment([row] if isinstance(row, Equipment) else [], parent)
    writes.tag(row, user=user, origin=origin)
    row.delete()
    if isinstance(parent, Infrastructure):
        touches.entry(parent.pk, user)


def equipment_save(*, user, equipment, data, origin, expected_version=None):
    return dependent_save(
        user=user, row=equipment, data=data, origin=origin, expected_version=expected_version
    )


def funding_record_save(*, user, record, data, origin, expected_version=None):
    return dependent_save(user=user, row=record, data=data, origin=origin, expected_version=expected_version)


# Nested lists of the API and the import: the given list replaces the stored one.


def _delete_all(rows, user, origin):
    for row in rows:
        writes.tag(row, user=user, origin=origin)
        row.delete()


def _identifier_of(item):
    return item.get("identifier") if isinstance(item, dict) else item.identifier


def _name_of(item):
    name = item.get("name_en") if isinstance(item, dict) else item.name_en
    return (name or "").strip().casefold()


def _description_of(item):
    """Every field as given or stored: an unchanged item is the same row even when several items
    share a name (two microscopes of different makes sent in another order keep their ids)."""
    values = (
        item.get(field) if isinstance(item, dict) else getattr(item, field) for field in EQUIPMENT_FIELDS
    )
    return tuple(value or "" for value in values)


def _matching_rows(items, rows):
    """Pair given items with stored rows: first by identifier, then unchanged items, then by English
    name among the rows still free; each row at most once. Returns {index of the item: its row}."""
    free = list(rows)
    matches = {}
    for key_of in (_identifier_of, _description_of, _name_of):
        for index, item in enumerate(items):
            wanted = key_of(item)
            if index in matches or not wanted:
                continue
            row = next((row for row in free if key_of(row) == wanted), None)
            if row is not None:
                matches[index] = row
                free.remove(row)
    return matches


def _replace_equipment(entry, items, *, user, origin):
    """The given list becomes the entry's equipment. An item that matches a stored one (same
    identifier, else same English name) keeps its row and id, so that harvesters and links to it
    stay valid; the others are deleted or created."""
    rows = list(entry.equipment.all())
    matches = _matching_rows(items, rows)
    for index, item in enumerate(items):
        row = matches.get(index)
        if row is None:
            writes.save_checked(Equipment(infrastructure=entry, **item), user=user, origin=origin)
            continue
        defaults = {field: "" for field in EQUIPMENT_FIELDS}  # a field left out of the list is emptied
        changed = writes.apply_changes(row, {**defaults, **item})
        if changed:
            writes.save_checked(row, user=user, origin=origin, changed=changed)
    kept = {row.pk for row in matches.values()}
    removed = [row for row in rows if row.pk not in kept]
    tombstones.bury_equipment(removed, entry)
    _delete_all(removed, user, origin)


def _replace_access_conditions(entry, conditions, *, user, origin):
    _delete_all(entry.access_conditions.all(), user, origin)
    for index, condition_data in enumerate(conditions):
        condition_data = dict(condition_data)
        forms = condition_data.pop("forms_of_access", [])
        models = condition_data.pop("business_models", [])
        prices = condition_data.pop("prices", [])
        condition = writes.save_checked(
            AccessCondition(infrastructure=entry, **condition_data), user=user, origin=origin
        )
        if forms:
            condition.forms_of_access.set(forms)
        if models:
            condition.business_models.set(models)
        for price in prices:
            try:
                writes.save_checked(
                    PriceIndication(access_condition=condition, **price), user=user, origin=origin
                )
            except ValidationError as error:
                raise ValidationError({f"access_conditions[{index}].prices": error.messages}) from error


def _replace_funding(entry, records, *, user, origin):
    _delete_all(entry.funding_records.all(), user, origin)
    for index, record_data in enumerate(records):
        record_data = dict(record_data)
        axis_code = record_data.pop("priority_axis", None)
        record = FundingRecord(infrastructure=entry, **record_data)
        if axis_code:
            record.priority_axis = PriorityAxis.objects.filter(
                programme=record.programme, code=axis_code
            ).first()
            if record.priority_axis is None:
                raise ValidationError(
                    {
                        f"funding_records[{index}].priority_axis": _(
                            "This programme has no priority axis %(code)s."
                        )
                        % {"code": axis_code}
                    }
                )
        try:
            writes.save_checked(record, user=user, origin=origin)
        except ValidationError as error:
            raise ValidationError({f"funding_records[{index}]": error.messages}) from error


NESTED_WRITERS = {
    "equipment": _replace_equipment,
    "access_conditions": _replace_access_conditions,
    "funding_records": _replace_funding,
}


# Organisations


def _organisation_checks(user, organisation, stored_parent_id):
    _check_region(user, organisation.region_id)
    if organisation.parent_id and organisation.parent_id != stored_parent_id:
        _check_owner(user, "parent", organisation.parent)


def _organisation_entries(organisation):
    ids = set(organisation.owned_infrastructures.values_list("pk", flat=True))
    return ids | set(organisation.operated_infrastructures.values_list("pk", flat=True))


@transaction.atomic
def organisation_create(*, user, data, origin, organisation=None):
    organisation = organisation if organisation is not None else Organisation()
    writes.apply_changes(organisation, data)
    _organisation_checks(user, organisation, None)
    writes.save_checked(organisation, user=user, origin=origin)
    _verify_editable(user, organisation, Organisation.objects)
    tombstones.record_slug_change(Record.ORGANISATION, None, organisation)  # a slug reused after a deletion
    return organisation


@transaction.atomic
def organisation_update(*, user, organisation, data, origin, expected_version=None):
    _lock_own(user, organisation, expected_version)
    stored_parent_id, stored_slug = organisation.parent_id, organisation.slug
    changed = writes.apply_changes(organisation, data)
    if not changed:
        return organisation
    _organisation_checks(user, organisation, stored_parent_id)
    writes.save_checked(organisation, user=user, origin=origin, changed=changed)
    _verify_editable(user, organisation, Organisation.objects)
    if "slug" in changed:  # the entries it owns or operates show it by slug
        tombstones.record_slug_change(Record.ORGANISATION, stored_slug, organisation)
        touches.entries(_organisation_entries(organisation), user)
        touches.slug_holders(organisation)
    else:  # its names are in their search text
        index_after_commit(_organisation_entries(organisation))
    return organisation


@transaction.atomic
def curated_delete(*, user, obj, origin):
    """Entries are archived, not deleted: deleting an entry or an organisation is for administrators
    cleaning up a mistake (their rows are PROTECTed by whatever still refers to them)."""
    if not user.is_superuser:
        raise PermissionDenied(
            _("Only administrators delete entries and organisations; archive them instead.")
        )
    writes.lock(obj)
    operated = _organisation_entries(obj) if isinstance(obj, Organisation) else set()
    if isinstance(obj, Organisation):
        tombstones.bury(Record.ORGANISATION, obj.slug, Reason.DELETED)
        touches.slug_holders(obj)  # the clusters it was a member of
    elif obj.is_published:  # a draft's slug was never public
        tombstones.bury(Record.INFRASTRUCTURE, obj.slug, Reason.DELETED)
        tombstones.bury_items_of(obj, Reason.DELETED)
    writes.tag(obj, user=user, origin=origin)
    obj.delete()
    touches.entries(operated, user)  # their operators changed


# Reference data (superusers): a renamed theme changes the search text of its entries.


@transaction.atomic
def theme_save(*, user, theme, origin):
    if not user.is_superuser:
        raise PermissionDenied(_("Only administrators change the themes."))
    stored_slug = Theme.objects.filter(pk=theme.pk).values_list("slug", flat=True).first()
    theme.full_clean()
    writes.note_change(theme)
    theme.save()
    entries = theme.infrastructures.values_list("pk", flat=True)
    tombstones.record_slug_change(Record.THEME, stored_slug, theme)
    if stored_slug is not None and theme.slug != stored_slug:  # the entries show their themes by slug
        touches.entries(entries, user)
        touches.slug_holders(theme)
    else:
        index_after_commit(entries)
    return theme


@transaction.atomic
def theme_delete(*, user, themes):
    """Delete themes; their entries lose the themes' names from their search text."""
    if not user.is_superuser:
        raise PermissionDenied(_("Only administrators change the themes."))
    tagged = Infrastructure.themes.through.objects.filter(theme__in=themes)
    entries = list(tagged.values_list("infrastructure_id", flat=True))
    for theme in themes:
        tombstones.bury(Record.THEME, theme.slug, Reason.DELETED)
        touches.slug_holders(theme)  # the clusters tagged with it
        theme.delete()
    touches.entries(entries, user)  # their list of themes changed
