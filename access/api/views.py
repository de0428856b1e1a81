from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from access.api.serializers import AccessRequestSerializer
from access.models import AccessRequest
from rii_catalogue.api import CuratorWrites, error_responses


@extend_schema_view(
    list=extend_schema(responses=error_responses(400, 401, 403)),
    retrieve=extend_schema(responses=error_responses(401, 403, 404)),
    partial_update=extend_schema(responses=error_responses(400, 401, 403, 404)),
)
class AccessRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                           viewsets.GenericViewSet):  # fmt: skip
    """Access requests, for the curators of the infrastructure's region and managing authorities."""

    serializer_class = AccessRequestSerializer
    permission_classes = [permissions.IsAuthenticated, CuratorWrites]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return (
            AccessRequest.objects.visible_to(self.request.user)
            .select_related("infrastructure")
            .order_by("-created_at", "-pk")
        )

    def editable_queryset(self):
        return AccessRequest.objects.editable_by(self.request.user)
