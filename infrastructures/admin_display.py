"""How the admin shows things to the people who read it, shared by the apps' ModelAdmins.

- `NamedCellsMixin`: a tabular inline names each field of its rows (its column header says it to
  sighted readers only), so screen readers and axe find a name for every input of a row.
- `LabelledHistoryAdminMixin`: django-simple-history's history page with names where the database
  stores codes: a choice's label instead of its value, the door instead of the change reason.
"""

from django.db.models import ManyToManyField
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.template_utils import HistoricalRecordContextHelper

from infrastructures.models import PublicationEvent


class NamedCellsFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)  # the rows' own fields, then ORDER and DELETE
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related wrapper
            if field.label and not widget.is_hidden:
                widget.attrs.setdefault("aria-label", capfirst(field.label))


class NamedCellsMixin:
    """For a TabularInline: every field of every row (the empty row for "Add another" too) carries
    its column's name as `aria-label`."""

    formset = NamedCellsFormSet


# The doors a write came through, as the services record them in the history's change reason.
DOORS = {
    **dict(PublicationEvent.Origin.choices),
    "form": _("Request form"),
    "curation": _("Curation pages"),
    "retention": _("Retention clean-up"),
}


class ChoiceLabelsContextHelper(HistoricalRecordContextHelper):
    """The "Changes" column: a choice field's change reads "Draft → In review", not "draft → in_review"."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(field, ManyToManyField):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class LabelledHistoryAdminMixin:
    """For a SimpleHistoryAdmin: its history page names the choices and the doors."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ChoiceLabelsContextHelper(self.model, historical_record)

    def render_history_view(self, request, template, context, **kwargs):
        # The list of changes (the form of one version has none). Only the shown copies change:
        # the page's records are not saved.
        for record in context.get("page_obj", ()):
            reason = record.history_change_reason
            record.history_change_reason = DOORS.get(reason, reason) or ""
        return super().render_history_view(request, template, context, **kwargs)


# django-simple-history ships no Dutch catalogue; its history page's words are translated in the
# project's (makemessages finds them here, Django merges every catalogue into one per language).
SIMPLE_HISTORY_WORDS = [
    gettext_noop("Change history: %s"),
    gettext_noop("Revert %s"),
    gettext_noop("View %s"),
    gettext_noop("View history: %s"),
    gettext_noop("You may edit it again below"),
    gettext_noop("Change History"),
    gettext_noop("Change reason"),
    gettext_noop("Changed by"),
    gettext_noop("Changes"),
    gettext_noop("Comment"),
    gettext_noop("Date/time"),
    gettext_noop("Object"),
    gettext_noop("Revert"),
    gettext_noop("This object doesn't have a change history."),
]
