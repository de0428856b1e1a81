from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from access.admin import AccessConditionInline
from infrastructures import services
from infrastructures.admin_display import LabelledHistoryAdminMixin, NamedCellsMixin
from infrastructures.admin_writes import ServiceWritesAdminMixin, VersionedInlineMixin
from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    OrganisationFigure,
    PriorityAxis,
    PublicationEvent,
    Theme,
)
from regions.admin_rights import RegionScopedHistoryAdminMixin
from rii_catalogue.formats import euro

FUNDING_FIELDS = (
    "programme",
    "priority_axis",
    "project",
    "amount",
    "eu_amount",
    "start_year",
    "end_year",
    "operating_grant",
    "note",
)


# Inlines


EQUIPMENT_ITEM_FIELDS = ("name", ("manufacturer", "model_number"), "description")
# What the instrument standards (PIDINST) ask for besides, where an item has it.
EQUIPMENT_IDENTIFIER = _("Identifier and landing page")
# One field a line: Django unfolds a folded section when one of its fields has an error, but does
# not look inside a line of several fields (admin.helpers.Fieldset.is_collapsible).
EQUIPMENT_IDENTIFIER_FIELDS = ("identifier", "identifier_type", "landing_page")


class EquipmentInline(VersionedInlineMixin, TranslationStackedInline):
    """One block per item: its name, make and description, its identifier folded below (a table
    row of nine fields would not fit a laptop screen)."""

    model = Equipment
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}
    fieldsets = (
        (None, {"fields": EQUIPMENT_ITEM_FIELDS}),
        # Most items have none: folded away (Django unfolds it when one of its fields has an error).
        (EQUIPMENT_IDENTIFIER, {"fields": EQUIPMENT_IDENTIFIER_FIELDS, "classes": ("collapse",)}),
    )
    extra = 0


class FundingInline(NamedCellsMixin, VersionedInlineMixin, TranslationTabularInline):
    """Funding records of the page's object; a record has either an infrastructure or an organisation."""

    model = FundingRecord
    fields = FUNDING_FIELDS
    autocomplete_fields = ("programme", "priority_axis")
    extra = 0


class InfrastructureFundingInline(FundingInline):
    fk_name = "infrastructure"


class OrganisationFundingInline(FundingInline):
    """Funding that went to the organisation rather than to one of its infrastructures."""

    fk_name = "organisation"


class OrganisationFigureInline(NamedCellsMixin, VersionedInlineMixin, TranslationTabularInline):
    """Curated figures with their source: members, SME members, projects, companies involved."""

    model = OrganisationFigure
    fields = (
        "measure", "breakdown", "start_year", "end_year", "value", "note", "source", "source_url",
        "source_date",
    )  # fmt: skip
    extra = 0


class PriorityAxisInline(NamedCellsMixin, TranslationTabularInline):
    model = PriorityAxis
    fields = ("code", "name")
    extra = 0


# Model admins


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    def save_model(self, request, obj, form, change):
        services.theme_save(user=request.user, theme=obj, origin="admin")

    def delete_model(self, request, obj):
        services.theme_delete(user=request.user, themes=[obj])

    def delete_queryset(self, request, queryset):
        services.theme_delete(user=request.user, themes=list(queryset))

    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_nl", "slug")
    ordering = ("position", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Organisation)
class OrganisationAdmin(
    ServiceWritesAdminMixin,
    RegionScopedHistoryAdminMixin,
    LabelledHistoryAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    list_display = ("name", "acronym", "kind", "region", "parent", "city", "infrastructure_count")
    list_filter = ("kind", "region")
    search_fields = ("name_en", "name_nl", "acronym", "slug", "city")
    list_select_related = ("region", "parent")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("parent",)
    inlines = (OrganisationFundingInline, OrganisationFigureInline)

    def service_create(self, request, obj, data):
        services.organisation_create(user=request.user, data=data, origin="admin", organisation=obj)

    def service_update(self, request, obj, data, expected_version):
        services.organisation_update(
            user=request.user, organisation=obj, data=data, origin="admin", expected_version=expected_version
        )

    def service_delete(self, request, obj):
        services.curated_delete(user=request.user, obj=obj, origin="admin")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(infrastructure_total=Count("owned_infrastructures", distinct=True))
        )

    @admin.display(description=_("infrastructures owned"), ordering="infrastructure_total")
    def infrastructure_count(self, obj):
        return obj.infrastructure_total


class PublicationEventInline(admin.TabularInline):
    """Who moved the entry through the workflow, and when (written by the services only)."""

    model = PublicationEvent
    fields = ("at", "from_state", "to_state", "user", "origin")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("publication history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _run_for_each(modeladmin, request, queryset, action, done_message, **message_args):
    """Apply a service to each selected entry; report what was done and what was refused, and why."""
    done, refused = 0, []
    for entry in queryset:
        try:
            action(entry)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            reason = "; ".join(getattr(error, "messages", None) or [str(error)])
            refused.append(f"{entry}: {reason}")
    if done:
        modeladmin.message_user(request, done_message % {"count": done, **message_args}, messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.ERROR)


def _transition_action(to_state, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        _run_for_each(
            modeladmin, request, queryset,
            lambda entry: services.infrastructure_transition(
                user=request.user, infrastructure=entry, to_state=to_state, origin="admin"
            ),
            _("Moved to “%(state)s”: %(count)d."),
            state=Infrastructure.PublicationState(to_state).label,
        )  # fmt: skip

    action.__name__ = f"move_to_{to_state}"
    return action


@admin.action(description=_("Mark as verified today"), permissions=["change"])
def mark_reviewed(modeladmin, request, queryset):
    _run_for_each(
        modeladmin, request, queryset,
        lambda entry: services.infrastructure_mark_reviewed(
            user=request.user, infrastructure=entry, origin="admin"
        ),
        _("Marked as verified today: %(count)d."),
    )  # fmt: skip


@admin.register(Infrastructure)
class InfrastructureAdmin(
    ServiceWritesAdminMixin,
    RegionScopedHistoryAdminMixin,
    LabelledHistoryAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    list_display = (
        "name",
        "acronym",
        "kind",
        "owner",
        "region",
        "trl_range",
        "status",
        "publication_state",
        "last_reviewed_on",
        "updated_at",
    )
    list_filter = ("publication_state", "status", "kind", "region", "themes")
    search_fields = (
        "name_en",
        "name_nl",
        "acronym",
        "slug",
        "keywords",
        "city",
        "owner__name_en",
        "owner__name_nl",
        "owner__acronym",
    )
    list_select_related = ("owner", "region")
    ordering = ("name",)
    date_hierarchy = "updated_at"
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("owner", "operators", "themes")
    # The state changes only through the workflow actions, which check and record each move.
    readonly_fields = ("publication_state", "created_at", "updated_at")
    actions = (
        _transition_action("in_review", _("Submit for review")),
        _transition_action("published", _("Publish")),
        _transition_action("archived", _("Archive")),
        _transition_action("draft", _("Return to draft")),
        mark_reviewed,
    )
    fieldsets = (
        (_("Identity"), {"fields": ("name", "acronym", "slug", "kind", "status")}),
        (_("Description"), {"fields": ("summary", "description")}),
        (
            _("Owner and location"),
            {
                "fields": (
                    "owner",
                    "operators",
                    "region",
                    "street_address",
                    "postal_code",
                    "city",
                    ("latitude", "longitude"),
                ),
            },
        ),
        (_("Themes and capabilities"), {"fields": ("themes", "keywords", ("trl_min", "trl_max"))}),
        (_("Contact and website"), {"fields": ("website", "contact_name", "contact_email", "contact_phone")}),
        (
            _("Publication"),
            {
                "fields": ("publication_state", "last_reviewed_on", "created_at", "updated_at"),
            },
        ),
    )
    inlines = (EquipmentInline, InfrastructureFundingInline, AccessConditionInline, PublicationEventInline)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = Organisation.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_create(self, request, obj, data):
        services.infrastructure_create(user=request.user, data=data, origin="admin", infrastructure=obj)

    def service_update(self, request, obj, data, expected_version):
        services.infrastructure_update(
            user=request.user,
            infrastructure=obj,
            data=data,
            origin="admin",
            expected_version=expected_version,
        )

    def service_delete(self, request, obj):
        services.curated_delete(user=request.user, obj=obj, origin="admin")

    @admin.display(description=_("TRL"), ordering="trl_min")
    def trl_range(self, obj):
        if obj.trl_min is None and obj.trl_max is None:
            return None
        if obj.trl_min == obj.trl_max:
            return str(obj.trl_min)
        return f"{obj.trl_min or '?'}–{obj.trl_max or '?'}"


@admin.register(Equipment)
class EquipmentAdmin(
    ServiceWritesAdminMixin,
    RegionScopedHistoryAdminMixin,
    LabelledHistoryAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    region_lookups = ("infrastructure__region",)
    curators_delete = True  # a manager removes an obsolete row of their entries

    list_display = ("name", "infrastructure", "manufacturer", "model_number", "identifier")
    list_filter = ("infrastructure__region", "infrastructure__kind", "identifier_type")
    search_fields = (
        "name_en",
        "name_nl",
        "manufacturer",
        "model_number",
        "identifier",
        "infrastructure__name_en",
        "infrastructure__name_nl",
    )
    fieldsets = (
        (None, {"fields": ("infrastructure", *EQUIPMENT_ITEM_FIELDS)}),
        (EQUIPMENT_IDENTIFIER, {"fields": EQUIPMENT_IDENTIFIER_FIELDS}),
    )
    list_select_related = ("infrastructure",)
    ordering = ("infrastructure__name", "name")
    autocomplete_fields = ("infrastructure",)


class ReferenceWritesMixin:
    """Reference data (funding programmes, clusters; regions in their app) is changed and deleted by
    administrators only, through the services that leave a tombstone for the API's harvesters."""

    def save_model(self, request, obj, form, change):
        services.reference_save(user=request.user, obj=obj, origin="admin")

    def save_formset(self, request, form, formset, change):  # a programme's priority axes
        for obj in formset.save(commit=False):
            services.reference_save(user=request.user, obj=obj, origin="admin")
        services.reference_delete(user=request.user, objects=formset.deleted_objects)
        formset.save_m2m()

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.reference_delete(user=request.user, objects=[obj])

    def delete_queryset(self, request, queryset):
        services.reference_delete(user=request.user, objects=list(queryset))


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(ReferenceWritesMixin, TranslationAdmin):
    list_display = ("name", "kind", "cci_code", "region", "start_year", "end_year")
    list_filter = ("kind", "region")
    search_fields = ("name_en", "name_nl", "slug", "cci_code")
    list_select_related = ("region",)
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("region",)
    inlines = (PriorityAxisInline,)


@admin.register(PriorityAxis)
class PriorityAxisAdmin(ReferenceWritesMixin, TranslationAdmin):
    list_display = ("code", "name", "programme")
    list_filter = ("programme",)
    search_fields = ("code", "name_en", "name_nl", "programme__name_en", "programme__name_nl")
    list_select_related = ("programme",)
    ordering = ("programme__name", "code")
    autocomplete_fields = ("programme",)


@admin.register(FundingRecord)
class FundingRecordAdmin(
    ServiceWritesAdminMixin,
    RegionScopedHistoryAdminMixin,
    LabelledHistoryAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    region_lookups = ("infrastructure__region", "organisation__region")
    curators_delete = True  # a manager removes an obsolete row of their entries

    # Narrow columns that fit a laptop screen; the reports have the full funded list with totals.
    list_display = ("programme", "axis", "project", "recipient", "total_amount", "eu_share", "years")
    list_filter = ("programme__kind", "programme", "priority_axis", "operating_grant")
    search_fields = (
        "project",
        "programme__name_en",
        "programme__name_nl",
        "programme__cci_code",
        "infrastructure__name_en",
        "infrastructure__name_nl",
        "organisation__name_en",
        "organisation__name_nl",
    )
    list_select_related = ("programme", "priority_axis__programme", "infrastructure", "organisation")
    ordering = ("programme__name", "start_year", "pk")
    autocomplete_fields = ("programme", "priority_axis", "infrastructure", "organisation")

    @admin.display(description=_("axis"), ordering="priority_axis__code")
    def axis(self, record):
        return record.priority_axis.code if record.priority_axis else "–"

    @admin.display(description=_("infrastructure or organisation"))
    def recipient(self, record):
        return record.infrastructure or record.organisation

    @admin.display(description=_("amount (EUR)"), ordering="amount")
    def total_amount(self, record):
        return euro(record.amount) or "–"

    @admin.display(description=_("EU share (EUR)"), ordering="eu_amount")
    def eu_share(self, record):
        return euro(record.eu_amount) or "–"

    @admin.display(description=_("years"), ordering="start_year")
    def years(self, record):
        if record.start_year is None:
            return "–"
        if record.end_year in (None, record.start_year):
            return record.start_year
        return f"{record.start_year}–{record.end_year}"


@admin.register(Cluster)
class ClusterAdmin(ReferenceWritesMixin, TranslationAdmin):
    list_display = ("name", "kind", "region", "recognised_in", "member_count")
    list_filter = ("kind", "region", "themes")
    search_fields = ("name", "slug", "description_en", "description_nl")
    list_select_related = ("region",)
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("region", "themes", "members")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members", distinct=True))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total
