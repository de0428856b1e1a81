"""The admin's door to the regional rights: every list, page, form field and action asks roles.py.

A ModelAdmin names the path(s) from its model to a region in `region_lookups`; lists then hold
only the rows of the user's regions (everything for superusers and, read-only, for managing
authorities), and a row can be changed only if it is in a region the user manages.
"""

from regions import roles
from regions.models import Region


class RegionScopedAdminMixin:
    region_lookups = ("region",)

    def get_queryset(self, request):
        return roles.scoped(super().get_queryset(request), request.user, *self.region_lookups, reading=True)

    def _stored_row_in_scope(self, request, obj, reading):
        # The stored row decides, not the object in hand (a history page shows an older version).
        rows = self.model._default_manager.filter(pk=obj.pk)
        return roles.scoped(rows, request.user, *self.region_lookups, reading=reading).exists()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (
            obj is None or obj.pk is None or self._stored_row_in_scope(request, obj, reading=True)
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or obj.pk is None or self._stored_row_in_scope(request, obj, reading=False)
        )

    def has_delete_permission(self, request, obj=None):
        # Entries are archived, not deleted; deleting is for superusers cleaning up mistakes.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Region:
            kwargs["queryset"] = Region.objects.managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
