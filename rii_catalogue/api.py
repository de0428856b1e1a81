"""What every endpoint of API v1 shares: harvesting (`updated_since`, update order, tombstones),
pagination, unknown parameters refused, error bodies, the curators' write permission."""

import base64
import binascii
import datetime

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from regions import roles
from rii_catalogue import writes
from rii_catalogue.pagination import IdsFirstPaginator
from rii_catalogue.writes import StaleVersion

UPDATED_SINCE = "updated_since"
# The catalogue's ordering parameter (InfrastructureFilterSet): a harvest has its own order.
SORT = "sort"


# Harvesting: what changed since a time, in the order it changed, and what disappeared.


def updated_since(request):
    """The request's `updated_since` as an aware UTC datetime, None without one; 400 if invalid.

    ISO 8601: a date-time with an offset, a date-time without one (read as UTC), or a date (its
    midnight UTC)."""
    values = request.query_params.getlist(UPDATED_SINCE)
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError({UPDATED_SINCE: [_("Give one value.")]})
    try:
        return _parse_instant(values[0])
    except (ValueError, OverflowError) as error:
        message = _(
            "Expected an ISO 8601 date or date-time, e.g. 2025-05-01, 2025-05-01T09:30:00Z or "
            "2025-05-01T09:30:00+02:00 (write + as %(plus)s in a URL); without an offset, UTC."
        ) % {"plus": "%2B"}
        raise ValidationError({UPDATED_SINCE: [message]}) from error


def _parse_instant(value):
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = datetime.datetime.combine(day, datetime.time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)  # OverflowError at the ends of the calendar


class UpdatedSinceFilter:
    """`updated_since` on every list: the rows whose `updated_at` (the view's `updated_since_field`)
    is at or after the given time. Inclusive, so that a harvester starting from the latest time it
    saw misses no row written in that same instant (it sees that one row again)."""

    def filter_queryset(self, request, queryset, view):
        since = updated_since(request)
        if since is None:
            return queryset
        if SORT in request.query_params:
            raise ValidationError({SORT: [_("With updated_since, results come oldest change first.")]})
        return queryset.filter(**{f"{updated_since_field(view)}__gte": since})

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": UPDATED_SINCE,
                "required": False,
                "in": "query",
                "description": (
                    "Only what changed at or after this time (ISO 8601: a date-time with offset, a "
                    "date-time without one read as UTC, or a date meaning its midnight UTC). The results "
                    "then come oldest change first, by (updated_at, id); follow `next` to the end, then "
                    "read the `tombstones` link for what was removed."
                ),
                "schema": {
                    "anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]
                },
                "examples": {
                    "date": {"value": "2025-05-01"},
                    "instant": {"value": "2025-05-01T09:30:00.123456+00:00"},
                },
            }
        ]


def updated_since_field(view):
    return getattr(view, "updated_since_field", "updated_at")


class CataloguePagination(PageNumberPagination):
    """Page numbers in the view's order, or, with `updated_since`, a harvest: the rows oldest change
    first by (updated_at, id), each page starting after the last row of the one before (the
    `cursor` in `next`). A row changed during the harvest moves to its end, where the harvester
    meets it again; no unchanged row moves, so none is skipped (with page numbers, a row moving from
    a page already read to the end would pull the next unread row onto that page)."""

    django_paginator_class = IdsFirstPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = "cursor"
    invalid_page_message = _("There is no page {page_number} of these results ({message}).")

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.view = request, view
        self.since = updated_since(request)
        if self.since is not None:
            return self._harvest_page(queryset, request, view)
        if self.cursor_query_param in request.query_params:
            message = _("A cursor continues a harvest: keep the updated_since of its link.")
            raise ValidationError({self.cursor_query_param: [message]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            # A page past the end is a client error on a parameter: say which one and why.
            raise ValidationError({"page": [str(error.detail)]}) from error

    def _harvest_page(self, queryset, request, view):
        if self.page_query_param in request.query_params:
            message = _("With updated_since, follow the next links instead of page numbers.")
            raise ValidationError({self.page_query_param: [message]})
        field = updated_since_field(view)
        rows = queryset.order_by(field, "pk")
        self.count = rows.count()
        after = self._read_cursor(request)
        if after is not None:
            at, pk = after
            rows = rows.filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "pk__gt": pk}))
        size = self.get_page_size(request)
        page = list(rows[: size + 1])
        self.next_position = None
        if len(page) > size:
            page = page[:size]
            self.next_position = (getattr(page[-1], field), page[-1].pk)
        return page

    def _read_cursor(self, request):
        value = request.query_params.get(self.cursor_query_param)
        if value is None:
            return None
        try:
            at, pk = base64.urlsafe_b64decode(value.encode("ascii")).decode("ascii").split("|")
            return datetime.datetime.fromisoformat(at).astimezone(datetime.UTC), int(pk)
        except (ValueError, UnicodeError, binascii.Error, OverflowError) as error:
            message = _("Not a cursor of this API: follow the next links as given.")
            raise ValidationError({self.cursor_query_param: [message]}) from error

    def _cursor(self, position):
        at, pk = position
        return base64.urlsafe_b64encode(f"{at.isoformat()}|{pk}".encode("ascii")).decode("ascii")

    def get_next_link(self):
        if self.since is None:
            return super().get_next_link()
        if self.next_position is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self._cursor(self.next_position))

    def get_previous_link(self):
        return super().get_previous_link() if self.since is None else None

    def tombstones_link(self):
        """Where the harvester finds what of this record type was removed since the same time."""
        record_type = getattr(self.view, "tombstone_type", None)
        if record_type is None:
            return None
        query = urlencode({"type": record_type, UPDATED_SINCE: self.since.isoformat()})
        return f"{reverse('api:tombstone-list', request=self.request)}?{query}"

    def get_paginated_response(self, data):
        if self.since is None:
            return super().get_paginated_response(data)
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": None,
                "tombstones": self.tombstones_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"]["description"] = "How many results the filters keep, on every page."
        properties["next"]["description"] = (
            "The next page; with updated_since it carries a cursor: follow it until it is null."
        )
        properties["previous"]["description"] = "The page before; null with updated_since."
        properties["tombstones"] = {
            "type": "string",
            "format": "uri",
            "nullable": True,
            "description": (
                "Only with updated_since: the tombstones of this record type since the same time "
                "(what was deleted, withdrawn from publication or renamed); null for records that have none."
            ),
        }
        return response

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where a harvest (updated_since) continues: given by the next link.",
                "schema": {"type": "string"},
            },
        ]


# Every viewset


class CatalogueViewMixin:
    """What every viewset of API v1 shares: its FilterSet and `updated_since` filter its lists, the
    record type of its tombstones (None: it has none), and a query parameter the operation does not
    document is a 400, not silently ignored (a typo must not return everything)."""

    filter_backends = [DjangoFilterBackend, UpdatedSinceFilter]
    tombstone_type = None
    updated_since_field = "updated_at"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        accepted = accepted_parameters(self)
        unknown = sorted(set(request.query_params) - accepted)
        if unknown:
            message = _("Unknown query parameter. This endpoint accepts: %(names)s.") % {
                "names": ", ".join(sorted(accepted))
            }
            raise ValidationError({name: [message] for name in unknown})


def accepted_parameters(view):
    """The query parameters an operation documents in the OpenAPI schema (drf-spectacular reads the
    same filters and pagination, for lists only): the only ones it accepts."""
    accepted = {api_settings.URL_FORMAT_OVERRIDE}
    if getattr(view, "action", None) != "list":
        return accepted
    for backend in view.filter_backends:
        if issubclass(backend, DjangoFilterBackend):
            filterset = backend().get_filterset_class(view)
            accepted |= set(filterset.base_filters) if filterset else set()
        else:
            accepted |= {parameter["name"] for parameter in backend().get_schema_operation_parameters(view)}
    if view.paginator is not None:
        accepted |= {parameter["name"] for parameter in view.paginator.get_schema_operation_parameters(view)}
    return accepted


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
