"""API v1 endpoints for infrastructures, organisations, themes, programmes and clusters."""

from rest_framework import viewsets

from infrastructures import services
from infrastructures.api.serializers import (
    ClusterSerializer,
    FundingProgrammeSerializer,
    InfrastructureSerializer,
    OrganisationSerializer,
    ThemeSerializer,
)
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.models import Cluster, FundingProgramme, Infrastructure, Organisation, Theme
from rii_catalogue.api import CuratorWrites, VersionedWritesMixin


class InfrastructureViewSet(VersionedWritesMixin, viewsets.ModelViewSet):
    """Infrastructures: the public sees published entries; curators also their regions' drafts.

    Filters and full-text search take the parameters of the public search page (`q`, `region`,
    `theme`, `kind`, `access_mode`, `business_model`, `owner`, `trl`, `sme`, `sort`); repeat a
    parameter to OR its values. A write may send `If-Match` with the entry's ETag: if the entry
    changed since, the answer is 412 and nothing is written.
    """

    serializer_class = InfrastructureSerializer
    filterset_class = InfrastructureFilterSet
    permission_classes = [CuratorWrites]
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Infrastructure.objects.visible_to(self.request.user).for_api().order_by("name_en", "pk")

    def editable_queryset(self):
        return Infrastructure.objects.editable_by(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.infrastructure_create(
            user=self.request.user, data=serializer.validated_data, origin="api"
        )

    def save_changes(self, instance, data, expected_version):
        entry = services.infrastructure_update(
            user=self.request.user, infrastructure=instance, data=data, origin="api",
            expected_version=expected_version,
        )  # fmt: skip
        # The answer shows the entry as now stored, its lists read in a fixed number of queries.
        return self.get_queryset().get(pk=entry.pk)


class OrganisationViewSet(VersionedWritesMixin, viewsets.ModelViewSet):
    """Owners and operators. Regional managers maintain the organisations of their regions."""

    serializer_class = OrganisationSerializer
    permission_classes = [CuratorWrites]
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    queryset = Organisation.objects.select_related("region", "parent").order_by("name_en", "pk")

    def editable_queryset(self):
        return Organisation.objects.editable_by(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.organisation_create(
            user=self.request.user, data=serializer.validated_data, origin="api"
        )

    def save_changes(self, instance, data, expected_version):
        return services.organisation_update(
            user=self.request.user, organisation=instance, data=data, origin="api",
            expected_version=expected_version,
        )  # fmt: skip


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    queryset = Theme.objects.order_by("position", "slug")


class FundingProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FundingProgrammeSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    queryset = (
        FundingProgramme.objects.select_related("region").prefetch_related("priority_axes").order_by("slug")
    )


class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ClusterSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    queryset = Cluster.objects.select_related("region").prefetch_related("themes", "members").order_by("slug")
