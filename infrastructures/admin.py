from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from access.admin import AccessConditionInline
from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    PriorityAxis,
    Theme,
)

FUNDING_FIELDS = (
    "programme",
    "priority_axis",
    "project",
    "amount",
    "eu_amount",
    "start_year",
    "end_year",
    "note",
)


# Inlines


class EquipmentInline(TranslationTabularInline):
    model = Equipment
    fields = ("name", "manufacturer", "model_number", "description")
    extra = 0


class InfrastructureFundingInline(TranslationTabularInline):
    """Funding that went to this infrastructure (a record has either an infrastructure or an organisation)."""

    model = FundingRecord
    fk_name = "infrastructure"
    fields = FUNDING_FIELDS
    autocomplete_fields = ("programme", "priority_axis")
    extra = 0


class OrganisationFundingInline(TranslationTabularInline):
    """Funding that went to this organisation rather than to one of its infrastructures."""

    model = FundingRecord
    fk_name = "organisation"
    fields = FUNDING_FIELDS
    autocomplete_fields = ("programme", "priority_axis")
    extra = 0


class PriorityAxisInline(TranslationTabularInline):
    model = PriorityAxis
    fields = ("code", "name")
    extra = 0


# Model admins


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_nl", "slug")
    ordering = ("position", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ("name", "acronym", "kind", "region", "parent", "city", "infrastructure_count")
    list_filter = ("kind", "region")
    search_fields = ("name_en", "name_nl", "acronym", "slug", "city")
    list_select_related = ("region", "parent")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("parent", "region")
    inlines = (OrganisationFundingInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(infrastructure_total=Count("owned_infrastructures", distinct=True))
        )

    @admin.display(description=_("infrastructures owned"), ordering="infrastructure_total")
    def infrastructure_count(self, obj):
        return obj.infrastructure_total


@admin.register(Infrastructure)
class InfrastructureAdmin(TranslationAdmin):
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
    autocomplete_fields = ("owner", "operators", "region", "themes")
    readonly_fields = ("created_at", "updated_at")
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
    inlines = (EquipmentInline, InfrastructureFundingInline, AccessConditionInline)

    @admin.display(description=_("TRL"), ordering="trl_min")
    def trl_range(self, obj):
        if obj.trl_min is None and obj.trl_max is None:
            return None
        if obj.trl_min == obj.trl_max:
            return str(obj.trl_min)
        return f"{obj.trl_min or '?'}–{obj.trl_max or '?'}"


@admin.register(Equipment)
class EquipmentAdmin(TranslationAdmin):
    list_display = ("name", "infrastructure", "manufacturer", "model_number")
    list_filter = ("infrastructure__region", "infrastructure__kind")
    search_fields = (
        "name_en",
        "name_nl",
        "manufacturer",
        "model_number",
        "infrastructure__name_en",
        "infrastructure__name_nl",
    )
    list_select_related = ("infrastructure",)
    ordering = ("infrastructure__name", "name")
    autocomplete_fields = ("infrastructure",)


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(TranslationAdmin):
    list_display = ("name", "kind", "cci_code", "region", "start_year", "end_year")
    list_filter = ("kind", "region")
    search_fields = ("name_en", "name_nl", "slug", "cci_code")
    list_select_related = ("region",)
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("region",)
    inlines = (PriorityAxisInline,)


@admin.register(PriorityAxis)
class PriorityAxisAdmin(TranslationAdmin):
    list_display = ("code", "name", "programme")
    list_filter = ("programme",)
    search_fields = ("code", "name_en", "name_nl", "programme__name_en", "programme__name_nl")
    list_select_related = ("programme",)
    ordering = ("programme__name", "code")
    autocomplete_fields = ("programme",)


@admin.register(FundingRecord)
class FundingRecordAdmin(TranslationAdmin):
    list_display = (
        "programme",
        "priority_axis",
        "project",
        "infrastructure",
        "organisation",
        "amount",
        "eu_amount",
        "start_year",
        "end_year",
    )
    list_filter = ("programme__kind", "programme")
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


@admin.register(Cluster)
class ClusterAdmin(TranslationAdmin):
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
