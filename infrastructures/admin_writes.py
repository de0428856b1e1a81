"""The admin's door to the services: every save, inline row, delete and history revert of a curated
model goes through them, with the version the curator saw.

- `VersionedModelForm` carries the row's version in a hidden field; a form opened before someone
  else saved is refused with a message naming who changed it (and the service checks again under
  the row lock, so no save slips in between).
- `ServiceWritesAdminMixin` routes `save_model`, `save_formset` (inlines) and deletes to the
  services; an admin names its own with `service_create` / `service_update` / `service_delete`.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect

from infrastructures import services
from rii_catalogue.writes import StaleVersion, stale_message

ORIGIN = "admin"
VERSION_FIELD = "seen_version"


class VersionedModelForm(forms.ModelForm):
    """A model form that remembers the version of the row it was filled in from."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            version = self.instance.version
            if getattr(self.instance, "_history", None) is not None:
                # A revert form shows an old version of the row; it replaces the stored one.
                stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
                version = stored.values_list("version", flat=True).first()
            self.fields[VERSION_FIELD].initial = version

    def full_clean(self):
        reverting = getattr(self.instance, "_history", None) is not None  # compared with an old version
        if self.is_bound and self.instance.pk and not reverting and not self.has_changed():
            # An untouched row (most inline rows on a save): it was valid when stored, and the
            # services write nothing for it. Validating it again would cost queries per row (the
            # hidden id, each foreign key, the constraints) for nothing.
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get(VERSION_FIELD)
        if self.instance.pk and seen is not None:
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
            stored_version = stored.values_list("version", flat=True).first()
            if stored_version is not None and stored_version != seen:
                raise ValidationError(stale_message(self.instance), code="stale")
        return cleaned


def form_changes(form):
    """The model fields of the form with their cleaned values (many-to-many included). The service
    writes those that differ from the stored row; the version check has made sure the form was
    filled in from that row (a revert form differs from it in every field it brings back)."""
    model = form._meta.model
    names = {field.name for field in model._meta.get_fields() if field.concrete or field.many_to_many}
    return {name: value for name, value in form.cleaned_data.items() if name in names and name in form.fields}


def with_version_field(fieldsets):
    """The hidden version field must be on the page to come back with the form."""
    names = {name for _title, options in fieldsets for name in forms_flatten(options["fields"])}
    if VERSION_FIELD in names:
        return fieldsets
    (title, options), *rest = fieldsets
    return [(title, {**options, "fields": (*options["fields"], VERSION_FIELD)}), *rest]


def forms_flatten(fields):
    for name in fields:
        if isinstance(name, (list, tuple)):
            yield from name
        else:
            yield name


class VersionedInlineMixin:
    """An inline whose rows carry their version (see VersionedModelForm)."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        return with_version_field(super().get_fieldsets(request, obj))


class ServiceWritesAdminMixin:
    """Saves and deletes through the services. The default suits rows that belong to an entry
    (equipment, funding, access conditions, prices): `dependent_save` / `dependent_delete`."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        return with_version_field(super().get_fieldsets(request, obj))

    def service_create(self, request, obj, data):
        services.dependent_save(user=request.user, row=obj, data=data, origin=ORIGIN)

    def service_update(self, request, obj, data, expected_version):
        services.dependent_save(
            user=request.user, row=obj, data=data, origin=ORIGIN, expected_version=expected_version
        )

    def service_delete(self, request, obj):
        services.dependent_delete(user=request.user, row=obj, origin=ORIGIN)

    def save_model(self, request, obj, form, change):
        data = form_changes(form)
        # The service sets the many-to-many fields with the rest; the admin must not write them again.
        form.save_m2m = lambda: None
        if change:
            self.service_update(request, obj, data, form.cleaned_data.get(VERSION_FIELD))
        else:
            self.service_create(request, obj, data)

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields went through the service with the object; only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """Each inline row through `dependent_save` / `dependent_delete`, recorded for the log."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.initial_forms:
            row = inline_form.instance
            if row.pk is None:
                continue  # not (or no longer) a row of this object: Django's formsets skip it too
            if formset.can_delete and formset._should_delete_form(inline_form):
                services.dependent_delete(user=request.user, row=row, origin=ORIGIN)
                formset.deleted_objects.append(row)
            elif inline_form.has_changed():
                services.dependent_save(
                    user=request.user, row=row, data=form_changes(inline_form), origin=ORIGIN,
                    expected_version=inline_form.cleaned_data.get(VERSION_FIELD),
                )  # fmt: skip
                formset.changed_objects.append((row, inline_form.changed_data))
        for inline_form in formset.extra_forms:
            if not inline_form.has_changed() or (
                formset.can_delete and formset._should_delete_form(inline_form)
            ):
                continue
            row = inline_form.instance
            setattr(row, formset.fk.name, formset.instance)
            services.dependent_save(user=request.user, row=row, data=form_changes(inline_form), origin=ORIGIN)
            formset.new_objects.append(row)

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.service_delete(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method in ("GET", "HEAD"):
            # Showing a form writes nothing: no transaction (on SQLite it would wait for the
            # database's write lock while a long import holds it).
            return self._changeform_view(request, object_id, form_url, extra_context)
        return self._refusals_as_messages(
            request, super().changeform_view, object_id, form_url, extra_context
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._refusals_as_messages(
            request, super().history_form_view, object_id, version_id, extra_context
        )

    def _refusals_as_messages(self, request, view, *args):
        # The form's own check catches a stale version before saving; this catches the rare save
        # that lost the race in between, or a rule only the service can check (a refusal of rights
        # stays a 403), without a server error.
        try:
            return view(request, *args)
        except (StaleVersion, ValidationError) as error:
            text = "; ".join(getattr(error, "messages", None) or [str(error)])
            self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
