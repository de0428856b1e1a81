from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from access import services
from access.models import AccessCondition, AccessForm, AccessRequest, BusinessModel, PriceIndication
from infrastructures.admin_writes import ServiceWritesAdminMixin, VersionedInlineMixin
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
    "company_name", "company_size", "country", "contact_name", "contact_email", "consent", "infrastructure",
    "need", "wanted_from",
)  # fmt: skip


# Inlines (AccessConditionInline is used on the infrastructure page, in infrastructures/admin.py)


class AccessConditionInline(VersionedInlineMixin, TranslationStackedInline):
    model = AccessCondition
    fields = ACCESS_CONDITION_FIELDS
    formfield_overrides = CHECKBOX_M2M
    extra = 0
    show_change_link = True  # prices are edited on the access condition's own page


class PriceIndicationInline(VersionedInlineMixin, admin.TabularInline):
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
    ServiceWritesAdminMixin, RegionScopedHistoryAdminMixin, SimpleHistoryAdmin, TranslationAdmin
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
class PriceIndicationAdmin(ServiceWritesAdminMixin, RegionScopedHistoryAdminMixin, SimpleHistoryAdmin):
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


@admin.register(AccessRequest)
class AccessRequestAdmin(ServiceWritesAdminMixin, RegionScopedHistoryAdminMixin, SimpleHistoryAdmin):
    region_lookups = ("infrastructure__region",)

    list_display = ("company_name", "infrastructure", "company_size", "country", "status", "created_at")
    # No list editing of the status: a list page carries no versions, and saving it would write
    # back a status another curator changed meanwhile. The change page is guarded.
    list_filter = ("status", "company_size", "infrastructure__region")
    search_fields = (
        "company_name",
        "contact_name",
        "contact_email",
        "infrastructure__name_en",
        "infrastructure__name_nl",
    )
    list_select_related = ("infrastructure",)
    ordering = ("-created_at",)
    date_hierarchy = "created_at"
    autocomplete_fields = ("infrastructure",)
    readonly_fields = ("created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # What the company asked stays with its request; curators move only the status.
        if obj is not None:
            return (*self.readonly_fields, *ACCESS_REQUEST_FIELDS)
        return self.readonly_fields

    curators_delete = False  # a request is part of the SME-access record

    def has_add_permission(self, request):
        return False  # requests come from companies (the public form and the API)

    def service_update(self, request, obj, data, expected_version):
        services.access_request_update(
            user=request.user, access_request=obj, origin="admin", expected_version=expected_version,
            data={name: value for name, value in data.items() if name in services.CURATED_REQUEST_FIELDS},
        )  # fmt: skip

    fieldsets = (
        (_("Company"), {"fields": ("company_name", "company_size", "country")}),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "consent")}),
        (_("Request"), {"fields": ("infrastructure", "need", "wanted_from")}),
        (_("Follow-up"), {"fields": ("status", "created_at", "updated_at")}),
    )
