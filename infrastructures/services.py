"""Every multi-step write to infrastructures. The admin, the API and the import all call these.

Each one is atomic, validates with full_clean() (so the database rules surface as field errors),
and checks the user's regional rights on the entry as stored and on the region it will have, before
anything is written: an entry cannot be created in, or moved into, a region the user does not
manage, whichever door the request came through.
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
    PriorityAxis,
    PublicationEvent,
)
from regions import roles

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


def _check_owner(user, field, organisation):
    if organisation is not None and not roles.may_edit_region(user, organisation.region_id):
        raise ValidationError(
            {
                field: _("%(organisation)s belongs to a region you do not manage.")
                % {"organisation": organisation}
            }
        )


def _check_region(user, region):
    if region is not None and not roles.may_edit_region(user, region.pk):
        raise ValidationError({"region": _("You do not manage the region %(region)s.") % {"region": region}})


def _check_editable(user, infrastructure):
    """The entry as stored decides (a form may already have changed the object in hand).

    Returns the stored region, owner and publication state, which infrastructure_save needs.
    """
    stored = Infrastructure.objects.filter(pk=infrastructure.pk).values(
        "region_id", "owner_id", "publication_state"
    )
    stored = stored.first() or {"region_id": None}
    if not roles.may_edit_region(user, stored["region_id"]):
        raise PermissionDenied(
            _("You may not change entries of %(region)s.") % {"region": infrastructure.region}
        )
    return stored


def _clean_and_save(instance, exclude=None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def _split(data):
    data = dict(data)
    relations = {name: data.pop(name) for name in RELATION_FIELDS if name in data}
    nested = {name: data.pop(name) for name in NESTED_FIELDS if name in data}
    state = data.pop("publication_state", None)
    return data, relations, nested, state


def _replace_equipment(entry, items):
    entry.equipment.all().delete()
    for item in items:
        _clean_and_save(Equipment(infrastructure=entry, **item))


def _replace_access_conditions(entry, conditions):
    entry.access_conditions.all().delete()
    for index, condition_data in enumerate(conditions):
        condition_data = dict(condition_data)
        forms = condition_data.pop("forms_of_access", [])
        models = condition_data.pop("business_models", [])
        prices = condition_data.pop("prices", [])
        condition = _clean_and_save(AccessCondition(infrastructure=entry, **condition_data))
        condition.forms_of_access.set(forms)
        condition.business_models.set(models)
        for price in prices:
            try:
                _clean_and_save(PriceIndication(access_condition=condition, **price))
            except ValidationError as error:
                raise ValidationError({f"access_conditions[{index}].prices": error.messages}) from error


def _replace_funding(entry, records):
    entry.funding_records.all().delete()
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
        _clean_and_save(record)


NESTED_WRITERS = {
    "equipment": _replace_equipment,
    "access_conditions": _replace_access_conditions,
    "funding_records": _replace_funding,
}


def _write_relations(entry, relations, nested, is_new=False):
    for name, values in relations.items():
        if values or not is_new:  # a new entry has nothing to clear
            getattr(entry, name).set(values)
    for name, items in nested.items():
        NESTED_WRITERS[name](entry, items)


@transaction.atomic
def infrastructure_save(*, user, infrastructure, origin):
    """Save an entry whose fields have been set (by the admin's form, or by create and update).

    A new entry starts as a draft; an existing one must be editable as stored, and its region after
    the change must be one the user manages (no moving it elsewhere). Nothing is written before
    both checks pass.
    """
    is_new = infrastructure._state.adding
    if is_new:
        infrastructure.publication_state = State.DRAFT
        stored_owner_id = None
    else:
        stored = _check_editable(user, infrastructure)
        # The state moves only through infrastructure_transition (a form or a reverted version
        # must not publish or unpublish on the side).
        infrastructure.publication_state = stored["publication_state"]
        stored_owner_id = stored["owner_id"]
    _check_region(user, infrastructure.region if infrastructure.region_id else None)
    if infrastructure.owner_id and infrastructure.owner_id != stored_owner_id:
        _check_owner(user, "owner", infrastructure.owner)
    infrastructure._change_reason = origin  # shown in the history
    # The model's clean() and field validators state its check constraints, with the message on the
    # field; Django would otherwise run one query per constraint. The database still enforces them.
    infrastructure.full_clean(exclude=["search_document", "search_vector"], validate_constraints=False)
    infrastructure.save()
    if is_new:
        PublicationEvent.objects.create(
            infrastructure=infrastructure, to_state=State.DRAFT, user=user, origin=origin
        )
    return infrastructure


@transaction.atomic
def infrastructure_create(*, user, data, origin):
    """Create an entry (as a draft unless `publication_state` asks for more) with its nested data."""
    fields, relations, nested, state = _split(data)
    entry = infrastructure_save(user=user, infrastructure=Infrastructure(**fields), origin=origin)
    _write_relations(entry, relations, nested, is_new=True)
    if state and state != State.DRAFT:
        infrastructure_transition(user=user, infrastructure=entry, to_state=state, origin=origin)
    return entry


@transaction.atomic
def infrastructure_update(*, user, infrastructure, data, origin):
    """Change fields and, where given, replace the nested lists; a state change goes through the workflow."""
    fields, relations, nested, state = _split(data)
    for name, value in fields.items():
        setattr(infrastructure, name, value)
    infrastructure_save(user=user, infrastructure=infrastructure, origin=origin)
    _write_relations(infrastructure, relations, nested)
    if state and state != infrastructure.publication_state:
        infrastructure_transition(user=user, infrastructure=infrastructure, to_state=state, origin=origin)
    return infrastructure


@transaction.atomic
def infrastructure_transition(*, user, infrastructure, to_state, origin):
    """Move an entry through the publication workflow and record who did it, when and how."""
    _check_editable(user, infrastructure)
    from_state = infrastructure.publication_state
    if to_state not in ALLOWED_TRANSITIONS.get(from_state, set()):
        raise ValidationError(
            {
                "publication_state": _("An entry cannot go from %(from)s to %(to)s.")
                % {"from": State(from_state).label, "to": State(to_state).label}
            }
        )
    infrastructure.publication_state = to_state
    infrastructure._change_reason = origin
    infrastructure.save(update_fields=["publication_state", "updated_at"])
    PublicationEvent.objects.create(
        infrastructure=infrastructure, from_state=from_state, to_state=to_state, user=user, origin=origin
    )
    return infrastructure


@transaction.atomic
def organisation_save(*, user, organisation, data, origin):
    """Create or change an organisation within the regions the user manages."""
    if organisation.pk and not Organisation.objects.editable_by(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied(
            _("You may not change organisations of %(region)s.") % {"region": organisation.region}
        )
    for name, value in data.items():
        setattr(organisation, name, value)
    _check_region(user, organisation.region)
    stored_parent_id = (
        Organisation.objects.filter(pk=organisation.pk).values_list("parent_id", flat=True).first()
        if organisation.pk
        else None
    )
    if organisation.parent_id and organisation.parent_id != stored_parent_id:
        _check_owner(user, "parent", organisation.parent)
    organisation._change_reason = origin
    return _clean_and_save(organisation)


@transaction.atomic
def infrastructure_mark_reviewed(*, user, infrastructure, origin, on=None):
    """A curator checked the entry against its source today (shown in public as 'last verified on')."""
    _check_editable(user, infrastructure)
    infrastructure.last_reviewed_on = on or timezone.localdate()
    infrastructure._change_reason = origin
    infrastructure.save(update_fields=["last_reviewed_on", "updated_at"])
    return infrastructure
