"""What every endpoint of API v1 shares: pagination, error bodies, the curators' write permission."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.views import exception_handler as drf_exception_handler

from regions import roles


class CataloguePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("There is no page {page_number} of these results ({message}).")

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            # A page past the end is a client error on a parameter: say which one and why.
            raise ValidationError({"page": [str(error.detail)]}) from error


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError (from model and service validation) as a 400."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        if "__all__" in detail:
            detail["non_field_errors"] = detail.pop("__all__")
        exc = ValidationError(detail)
    return drf_exception_handler(exc, context)


class RejectUnknownFieldsMixin:
    """A write naming a field the serializer does not accept is an error, not silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise ValidationError({name: [_("Unknown or read-only field.")] for name in unknown})
        return super().to_internal_value(data)


class CuratorWrites(BasePermission):
    """Anyone reads what the view's queryset shows them; regional managers and superusers write,
    and only objects in the view's `editable_queryset()` (their regions)."""

    message = _("Only regional managers change entries, and only in the regions assigned to them.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return (
            user.is_authenticated
            and user.is_active
            and (user.is_superuser or roles.is_regional_manager(user))
        )

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return view.editable_queryset().filter(pk=obj.pk).exists()
