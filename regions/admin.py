from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from regions import services
from regions.models import Region, RegionAssignment


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ("name", "country", "nuts_code", "managing_authority", "infrastructure_count")
    list_filter = ("country",)
    search_fields = (
        "name_en",
        "name_nl",
        "slug",
        "nuts_code",
        "managing_authority_en",
        "managing_authority_nl",
    )
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name_en",)}

    # Writes through the services, so that a region renamed or deleted leaves a tombstone for the
    # API's harvesters.

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        services.region_save(user=request.user, region=obj, data=data, origin="admin")

    def delete_model(self, request, obj):
        services.region_delete(user=request.user, regions=[obj])

    def delete_queryset(self, request, queryset):
        services.region_delete(user=request.user, regions=list(queryset))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # Published entries only: managers do not see other regions' drafts, not even as a number.
            .annotate(
                infrastructure_total=Count(
                    "infrastructures",
                    filter=Q(infrastructures__publication_state="published"),
                    distinct=True,
                )
            )
        )

    @admin.display(description=_("published infrastructures"), ordering="infrastructure_total")
    def infrastructure_count(self, obj):
        return obj.infrastructure_total


@admin.register(RegionAssignment)
class RegionAssignmentAdmin(admin.ModelAdmin):
    """Which regional manager curates which region (superusers assign them)."""

    list_display = ("user", "region")
    list_filter = ("region",)
    search_fields = ("user__username", "user__email", "region__name_en", "region__name_nl")
    list_select_related = ("user", "region")
    autocomplete_fields = ("user", "region")


admin.site.site_header = _("RII catalogue – curation")
admin.site.site_title = _("RII catalogue")
admin.site.index_title = _("Curate the catalogue")
