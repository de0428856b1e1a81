"""What every service that writes a curated row shares: the version that guards against lost
updates, the history tag (user and door), and the change-only save.

A curated model carries `version`, raised by one on every write. The API shows it as a strong ETag
and honours If-Match; the admin carries it in a hidden field. A service locks the row, compares the
version the caller saw (when it says one), applies only the fields the caller changed, and saves.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def version_field():
    return models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Raised by one at every change; guards against overwriting a newer change."),
    )


class UpdatedAtField(models.DateTimeField):
    """When the row last changed: what the API's `updated_since` and the open-data files' date read.

    Like `auto_now`, set at every save; unlike it, a row loaded from a fixture without the column
    gets the time it was loaded (loaddata saves raw, skipping `pre_save`; the default fills it).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", timezone.now)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = timezone.now()
        setattr(model_instance, self.attname, value)
        return value


def updated_at_field():
    return UpdatedAtField(gettext_lazy("updated at"))


class StaleVersion(Exception):
    """The row changed since the caller read it: saving would overwrite someone else's change."""

    def __init__(self, instance, expected):
        self.instance = instance
        self.expected = expected
        super().__init__(stale_message(instance))


def user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def last_change(instance):
    """Who changed the stored row last, and when: its `updated_by` where it has one (an entry also
    changes with its equipment, terms and funding, which write no history row of the entry), else
    its latest history row."""
    model = type(instance)
    if _has_field(instance, "updated_by"):
        stored = model._default_manager.filter(pk=instance.pk).select_related("updated_by").first()
        if stored is not None and stored.updated_by is not None:
            return stored.updated_by, stored.updated_at
    latest = instance.history.first() if hasattr(instance, "history") else None
    return (latest.history_user, latest.history_date) if latest else (None, None)


def stale_message(instance):
    """'… was changed by X at T since you opened it'."""
    who, when = last_change(instance)
    arguments = {"object": instance, "who": who or _("someone else")}
    if when is not None:
        arguments["when"] = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
        return (
            _(
                "“%(object)s” was changed by %(who)s at %(when)s since you opened it. Your changes "
                "were not saved: reload the page to see the current version, then make them again."
            )
            % arguments
        )
    return (
        _(
            "“%(object)s” was changed by %(who)s since you opened it. Your changes were not saved: "
            "reload the page to see the current version, then make them again."
        )
        % arguments
    )


def lock(instance):
    """Reload the row's columns under a lock (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the
    IMMEDIATE transaction already holds the database's write lock). Prefetched relations are kept:
    a service that replaces them clears them itself."""
    columns = [field.attname for field in instance._meta.concrete_fields]
    # FOR NO KEY UPDATE: two writers of the row still take turns, but a row elsewhere that refers to
    # this one (a new operator link, a new price) is not blocked, so no two writes deadlock on it.
    locked = type(instance)._default_manager.select_for_update(no_key=True)
    instance.refresh_from_db(fields=columns, from_queryset=locked)
    return instance


def check_version(instance, expected_version):
    if expected_version is not None and int(expected_version) != instance.version:
        raise StaleVersion(instance, expected_version)


def tag(instance, *, user, origin):
    """Who and which door, for the history row this write makes (requests, jobs and commands alike).
    Every tagged save or delete is also a change the project's derived files hear of."""
    instance._history_user = user_or_none(user)
    instance._change_reason = origin
    note_change(instance)
    return instance


def note_change(instance):
    """`instance` is saved or deleted in this transaction: the open-data files are built again after
    the commit if the public sees it (opendata.changes decides; the apps do not import it)."""
    from opendata import changes

    changes.note(instance)


def apply_changes(instance, data):
    """Set the given fields; return the names whose value differs from the stored one."""
    changed = []
    for name, value in data.items():
        if instance._state.adding or differs(instance, name, value):
            setattr(instance, name, value)
            changed.append(name)
    return changed


def differs(instance, name, value):
    """Whether `value` would change the field `name` of `instance` as it was read."""
    field = instance._meta.get_field(name)
    if field.many_to_one:  # compare ids: no query, and no error for an empty relation
        return getattr(instance, field.attname) != _comparable(value)
    return _comparable(getattr(instance, name)) != _comparable(value)


def _comparable(value):
    """Empty text is empty text: a spreadsheet's empty cell ("") does not change a stored NULL (the
    nullable translation columns); a related row compares by its id."""
    if value is None:
        return ""
    return value.pk if isinstance(value, models.Model) else value


def save_checked(instance, *, user, origin, changed=None, exclude=()):
    """full_clean(), raise the version and save (only the changed fields of an existing row).

    A model whose clean() and field validators already state every constraint with its message on
    the field says so with `constraints_checked_in_clean`: Django would otherwise ask the database
    once per constraint. The database still enforces them.
    """
    validate_constraints = not getattr(instance, "constraints_checked_in_clean", False)
    exclude = set(exclude)
    if changed is not None and not instance._state.adding:
        # Unchanged fields were valid when stored: no existence or uniqueness queries for them.
        exclude |= {field.name for field in instance._meta.concrete_fields} - set(changed)
    instance.full_clean(exclude=exclude, validate_constraints=validate_constraints)
    tag(instance, user=user, origin=origin)
    tracks_author = _has_field(instance, "updated_by")
    if tracks_author:
        instance.updated_by = user_or_none(user)
    if instance._state.adding:
        instance.save()
        return instance
    instance.version += 1
    fields = None
    if changed is not None:
        fields = {*changed, *_original_fields(instance, changed), "version"}
        if tracks_author:
            fields.add("updated_by")
        if _has_field(instance, "updated_at"):
            fields.add("updated_at")
    instance.save(update_fields=fields)
    return instance


def _has_field(instance, name):
    return any(field.name == name for field in instance._meta.concrete_fields)


def _original_fields(instance, changed):
    """django-modeltranslation keeps the original column (`name`) beside `name_en`, `name_nl`: save it
    with them, as a full save would."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = translator.get_options_for_model(type(instance)).all_fields
    except NotRegistered:
        return set()
    return {
        original
        for original, translations in translated.items()
        if any(field.name in changed for field in translations)
    }
