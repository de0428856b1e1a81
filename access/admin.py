from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from access import services
from access.models import (
    AccessCondition,
    AccessForm,
    AccessRequest,
    AccessRequestEvent,
    BusinessModel,
    Notification,
    PriceIndication,
)
from infrastructures.admin_display import LabelledHistoryAdminMixin, NamedCellsMixin
from infrastructures.admin_writes import (
    VERSION_FIELD,
    ServiceWritesAdminMixin,
    VersionedInlineMixin,
    VersionedModelForm,
)
from regions.admin_rights import RegionScopedHistoryAdminMixin

# Forms of access and business models are short lists: tick boxes are quicker than a picker.
CHECKBOX_M2M = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

ACCESS_CONDITION_FIELDS = (
    ("access_mode", "open_to_smes", "request_required", "lead_time_days"),
    "forms_of_access",
    "business_models",
    "eligibility",
    "price_notes",
    "training_terms",
    "ip_terms",
    "confidentiality_terms",
)


ACCESS_REQUEST_FIELDS = (
    "company_name", "vat_number", "company_size", "country", "contact_name", "contact_email", "contact_phone",
    "consent", "wants_updates", "infrastructure", "need", "wanted_from", "wanted_until", "language",
)  # fmt: skip


# Inlines (AccessConditionInline is used on the infrastructure page, in infrastructures/admin.py)


class AccessConditionInline(VersionedInlineMixin, TranslationStackedInline):
    model = AccessCondition
    fields = ACCESS_CONDITION_FIELDS
    formfield_overrides = CHECKBOX_M2M
    extra = 0
    show_change_link = True  # prices are edited on the access condition's own page


class PriceIndicationInline(NamedCellsMixin, VersionedInlineMixin, admin.TabularInline):
    model = PriceIndication
    fields = ("tier", "unit", "amount_from", "on_quote")
    extra = 0


# Model admins


class CodeListAdmin(TranslationAdmin):
    """Forms of access and business models: a code, a name and a position in lists."""

    list_display = ("name", "code", "position")
    list_editable = ("position",)
    search_fields = ("code", "name_en", "name_nl")
    ordering = ("position", "code")

    def get_readonly_fields(self, request, obj=None):
        # The code is the primary key: changing it would create a copy instead of renaming.
        return ("code",) if obj else ()


@admin.register(AccessForm)
class AccessFormAdmin(CodeListAdmin):
    pass


@admin.register(BusinessModel)
class BusinessModelAdmin(CodeListAdmin):
    pass


@admin.register(AccessCondition)
class AccessConditionAdmin(
    ServiceWritesAdminMixin,
    RegionScopedHistoryAdminMixin,
    LabelledHistoryAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    region_lookups = ("infrastructure__region",)

    list_display = ("infrastructure", "access_mode", "open_to_smes", "request_required", "lead_time_days")
    list_filter = ("access_mode", "open_to_smes", "request_required", "forms_of_access", "business_models")
    search_fields = (
        "infrastructure__name_en",
        "infrastructure__name_nl",
        "infrastructure__acronym",
        "eligibility_en",
        "eligibility_nl",
    )
    list_select_related = ("infrastructure",)
    ordering = ("infrastructure__name", "pk")
    autocomplete_fields = ("infrastructure",)
    fields = ("infrastructure", *ACCESS_CONDITION_FIELDS)
    formfield_overrides = CHECKBOX_M2M
    inlines = (PriceIndicationInline,)
    curators_delete = True  # a manager removes an obsolete way in of their entries

    def service_create(self, request, obj, data):
        services.access_condition_save(user=request.user, access_condition=obj, data=data, origin="admin")

    def service_update(self, request, obj, data, expected_version):
        services.access_condition_save(
            user=request.user,
            access_condition=obj,
            data=data,
            origin="admin",
            expected_version=expected_version,
        )


@admin.register(PriceIndication)
class PriceIndicationAdmin(
    ServiceWritesAdminMixin, RegionScopedHistoryAdminMixin, LabelledHistoryAdminMixin, SimpleHistoryAdmin
):
    region_lookups = ("access_condition__infrastructure__region",)

    list_display = ("access_condition", "tier", "unit", "amount_from", "on_quote")
    list_filter = ("tier", "unit", "on_quote")
    search_fields = ("access_condition__infrastructure__name_en", "access_condition__infrastructure__name_nl")
    list_select_related = ("access_condition__infrastructure",)
    ordering = ("access_condition__infrastructure__name", "tier", "unit")
    autocomplete_fields = ("access_condition",)
    curators_delete = True

    def service_create(self, request, obj, data):
        services.price_indication_save(user=request.user, price=obj, data=data, origin="admin")

    def service_update(self, request, obj, data, expected_version):
        services.price_indication_save(
            user=request.user, price=obj, data=data, origin="admin", expected_version=expected_version
        )


class AccessRequestAdminForm(VersionedModelForm):
    """A curator moves the status on (to the next steps only) and may note why."""

    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the request's history with the change."),
    )  # fmt: skip

    class Meta:
        model = AccessRequest
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "status" in self.fields:
            current = self.instance.Status(self.instance.status)
            self.fields["status"].choices = [
                (status.value, status.label) for status in [current, *self.instance.next_statuses()]
            ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AccessRequestEventInline(ReadOnlyInline):
    model = AccessRequestEvent
    fields = readonly_fields = ("created_at", "from_status", "status", "actor", "note")
    verbose_name_plural = _("history")


class NotificationInline(ReadOnlyInline):
    model = Notification
    fields = readonly_fields = ("kind", "recipients", "subject", "attempts", "last_error", "sent_at")


@admin.register(AccessRequest)
class AccessRequestAdmin(
    ServiceWritesAdminMixin, RegionScopedHistoryAdminMixin, LabelledHistoryAdminMixin, SimpleHistoryAdmin
):
    form = AccessRequestAdminForm
    list_display = (
        "reference", "company_name", "infrastructure", "company_size", "country", "status", "mail_trouble",
        "created_at",
    )  # fmt: skip
    # No list editing of the status: a list page carries no versions, and saving it would write
    # back a status another curator changed meanwhile. The change page is guarded.
    list_filter = ("status", "company_size", "regions")
    search_fields = (
        "reference",
        "company_name",
        "contact_name",
        "contact_email",
        "infrastructure__name_en",
        "infrastructure__name_nl",
    )
    list_select_related = ("infrastructure",)
    ordering = ("-created_at",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "reference", *ACCESS_REQUEST_FIELDS, "regions", "themes", "forwarded_to", "created_at", "updated_at",
        "anonymised_at",
    )  # fmt: skip
    inlines = (AccessRequestEventInline, NotificationInline)
    curators_delete = False  # a request is part of the SME-access record

    fieldsets = (
        (_("Company"), {"fields": ("reference", "company_name", "vat_number", "company_size", "country")}),
        (
            _("Contact"),
            {"fields": ("contact_name", "contact_email", "contact_phone", "consent", "wants_updates")},
        ),
        (
            _("Request"),
            {
                "fields": (
                    "infrastructure",
                    "regions",
                    "themes",
                    "need",
                    "wanted_from",
                    "wanted_until",
                    "language",
                )
            },
        ),
        (
            _("Follow-up"),
            {"fields": ("status", "note", "forwarded_to", "created_at", "updated_at", "anonymised_at")},
        ),
    )

    # Who sees and moves which request: the model's querysets (a request may concern several regions).
    def get_queryset(self, request):
        return AccessRequest.objects.visible_to(request.user).with_mail_trouble()

    def _in_scope(self, request, obj, reading):
        if obj is None or obj.pk is None:
            return True
        rows = AccessRequest.objects.visible_to if reading else AccessRequest.objects.editable_by
        return rows(request.user).filter(pk=obj.pk).exists()

    @admin.display(boolean=True, description=_("e-mail failed"))
    def mail_trouble(self, obj):
        return obj.mail_trouble

    def has_add_permission(self, request):
        return False  # requests come from companies (the public form and the API)

    def save_model(self, request, obj, form, change):
        services.access_request_move(
            user=request.user, access_request=obj, status=form.cleaned_data.get("status"),
            note=form.cleaned_data.get("note", ""), origin="admin",
            expected_version=form.cleaned_data.get(VERSION_FIELD),
        )  # fmt: skip
