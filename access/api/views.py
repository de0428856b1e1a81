from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.response import Response

from access import services
from access.api.serializers import AccessRequestSerializer, AccessRequestSubmissionSerializer
from access.filtersets import AccessRequestFilterSet
from access.forms import REQUEST_FIELDS
from access.limits import over_the_rate, retry_after_seconds
from access.models import AccessRequest
from infrastructures.models import Infrastructure
from rii_catalogue.api import CatalogueViewMixin, CuratorWrites, VersionedWritesMixin


@extend_schema_view(
    create=extend_schema(
        summary="Send an access request (no account needed)",
        description=(
            "A company asks to use a published infrastructure (`infrastructure`), or, one-stop, asks "
            "the curators of `regions` to find the infrastructures that fit. The answer carries the "
            "request's reference number; the company gets a confirmation e-mail. The same request sent "
            "again within minutes is stored once: the answer is then 200 with the first one's reference. "
            "Limited per client address (429 with Retry-After)."
        ),
        request=AccessRequestSubmissionSerializer,
        responses={
            201: AccessRequestSubmissionSerializer,
            200: OpenApiResponse(AccessRequestSubmissionSerializer, description="Already received."),
            400: OpenApiResponse(description="A field is missing or wrong; each is named with the reason."),
            404: OpenApiResponse(description="No published infrastructure has this slug."),
            429: OpenApiResponse(description="Too many requests from this address."),
        },
    )
)
class AccessRequestViewSet(
    CatalogueViewMixin,
    VersionedWritesMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Access requests: anyone sends one; the curators of its regions and managing authorities read
    them, and the curators move them on. `updated_since` reads when a request last changed (its
    status moved, or it was anonymised); requests are never public, so they have no tombstones."""

    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    filterset_class = AccessRequestFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action == "create":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated(), CuratorWrites()]

    def get_serializer_class(self):
        return AccessRequestSubmissionSerializer if self.action == "create" else AccessRequestSerializer

    def get_queryset(self):
        return (
            AccessRequest.objects.visible_to(self.request.user)
            .select_related("infrastructure")
            .prefetch_related("regions", "themes", "forwarded_to")
            .order_by("-created_at", "-pk")
        )

    def editable_queryset(self):
        return AccessRequest.objects.editable_by(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if over_the_rate(request._request):  # valid requests count, as on the form
            raise Throttled(wait=retry_after_seconds())
        values = serializer.validated_data
        infrastructure = None
        if "infrastructure" in values:
            infrastructure = Infrastructure.objects.published().filter(slug=values["infrastructure"]).first()
            if infrastructure is None:
                raise NotFound({"infrastructure": "No published infrastructure has this slug."})
        access_request, created = services.access_request_submit(
            values={name: values[name] for name in REQUEST_FIELDS if name in values},
            infrastructure=infrastructure,
            regions=values.get("regions", ()),
            themes=values.get("themes", ()),
            language=values.get("language") or get_language(),
            origin="api",
        )
        return Response(
            self.get_serializer(access_request).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def save_changes(self, instance, data, expected_version):
        return services.access_request_move(
            user=self.request.user, access_request=instance, status=data.get("status"),
            note=data.get("note", ""), origin="api", expected_version=expected_version,
        )  # fmt: skip
