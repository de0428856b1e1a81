from rest_framework import mixins, permissions, viewsets

from access import services
from access.api.serializers import AccessRequestSerializer
from access.models import AccessRequest
from rii_catalogue.api import CuratorWrites, VersionedWritesMixin


class AccessRequestViewSet(
    VersionedWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Access requests, for the curators of the infrastructure's region and managing authorities."""

    serializer_class = AccessRequestSerializer
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
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

    def save_changes(self, instance, data, expected_version):
        return services.access_request_update(
            user=self.request.user, access_request=instance, data=data, origin="api",
            expected_version=expected_version,
        )  # fmt: skip
