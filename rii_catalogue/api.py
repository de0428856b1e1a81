"""What every endpoint of API v1 shares: pagination, error bodies, the curators' write permission."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from regions import roles
from rii_catalogue import writes
from rii_catalogue.writes import StaleVersion


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
    if isinstance(exc, StaleVersion):
        exc = PreconditionFailed(str(exc))
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
        return roles.curates(request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return view.editable_queryset().filter(pk=obj.pk).exists()


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The object changed since you read it (its ETag no longer matches If-Match).")
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "A PUT replaces the whole object: send If-Match with the ETag of the version you read "
        "(or use PATCH to change some fields)."
    )
    default_code = "precondition_required"


def etag(obj):
    """A strong ETag from the row's version: it changes with every write through a service."""
    return f'"{obj.pk}-{obj.version}"'


class VersionedWritesMixin:
    """Optimistic concurrency for a viewset whose model has a `version` (see rii_catalogue.writes).

    - GET of one object answers with `ETag` and `Last-Modified` (If-None-Match, If-Modified-Since
      then answer 304 through ConditionalGetMiddleware);
    - PUT, PATCH and DELETE honour `If-Match`: a stale ETag is a 412 and nothing is written; the
      service checks the version again under the row lock, so no write slips in between;
    - PUT replaces the whole object, so a copy read before someone else's change would silently
      undo it: PUT needs If-Match (428 without);
    - PATCH without If-Match writes only the fields it sends whose value differs from what this
      request read, so a concurrent change of another field is never overwritten.
    """

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in SAFE_METHODS:
            self.expected_version = self._if_match(obj)
        return obj

    def _if_match(self, obj):
        header = self.request.headers.get("If-Match")
        if header is None:
            if self.request.method == "PUT":
                raise PreconditionRequired()
            return None
        tags = [tag.strip() for tag in header.split(",")]
        if "*" in tags:
            return None
        if etag(obj) not in tags:  # strong comparison: a weak W/ tag never matches
            raise PreconditionFailed()
        return obj.version

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return self._with_validators(Response(self.get_serializer(instance).data), instance)

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        return self._with_validators(response, self.updated_object)

    def perform_update(self, serializer):
        self.updated_object = self.save_changes(
            serializer.instance,
            changed_values(serializer.instance, serializer.validated_data),
            getattr(self, "expected_version", None),
        )
        serializer.instance = self.updated_object

    def save_changes(self, instance, data, expected_version):
        raise NotImplementedError

    def _with_validators(self, response, obj):
        response["ETag"] = etag(obj)
        if hasattr(obj, "updated_at"):
            response["Last-Modified"] = http_date(obj.updated_at.timestamp())
        return response


def changed_values(instance, validated_data):
    """The fields of a write whose value differs from the object as the request read it (compared
    as the services compare them). Relations and nested lists are kept as given (they replace
    what is stored)."""
    changed = {}
    for name, value in validated_data.items():
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        is_plain = field is not None and not field.many_to_many and not field.one_to_many
        if not is_plain or writes.differs(instance, name, value):
            changed[name] = value
    return changed
