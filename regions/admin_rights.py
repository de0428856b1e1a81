"""The admin's door to the regional rights: every list, page, form field and action asks roles.py.

A ModelAdmin names the path(s) from its model to a region in `region_lookups`; lists then hold
only the rows of the user's regions (everything for superusers and, read-only, for managing
authorities), and a row can be changed only if it is in a region the user manages. Foreign keys
offer only what the user may change: a related model's `editable_by(user)` queryset decides.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404

from regions import roles
from regions.models import Region


class RegionScopedAdminMixin:
    region_lookups = ("region",)
    curators_delete = False  # entries and organisations are archived, not deleted

    def get_queryset(self, request):
        return roles.scoped(super().get_queryset(request), request.user, *self.region_lookups, reading=True)

    def _in_scope(self, request, obj, reading):
        if obj is None or obj.pk is None:
            return True
        # The stored row decides, not the object in hand (a history page shows an older version).
        rows = self.model._default_manager.filter(pk=obj.pk)
        return roles.scoped(rows, request.user, *self.region_lookups, reading=reading).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj, reading=True)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj, reading=False)

    def has_delete_permission(self, request, obj=None):
        # Entries are archived, not deleted; deleting them is for superusers cleaning up mistakes.
        # Rows that belong to an entry (equipment, funding, access terms) its curators may remove.
        if not (self.curators_delete or request.user.is_superuser):
            return False
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj, reading=False)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is Region:
            kwargs["queryset"] = Region.objects.managed_by(request.user)
        elif hasattr(related._default_manager, "editable_by"):
            kwargs["queryset"] = related._default_manager.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RegionScopedHistoryAdminMixin(RegionScopedAdminMixin):
    """For SimpleHistoryAdmin: history pages of rows in scope only, and a revert is a change."""

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))  # None for a malformed or hidden id
        if obj is None:
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._object_or_404(request, object_id)
        if not str(version_id).isdigit():
            raise Http404
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" (/admin/r/<type>/<id>/), for rows the user may see in the admin
    only: Django's own view redirects for any id, and walking the ids listed other regions' drafts."""
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut

    content_type = None
    if content_type_id.isdigit():
        content_type = ContentType.objects.filter(pk=content_type_id).first()
    model_admin = admin.site._registry.get(content_type.model_class()) if content_type else None
    if model_admin is None:
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))  # the admin's scoped queryset
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
