"""API v1 endpoints for infrastructures, equipment, organisations, themes, programmes, clusters, and
the tombstones of what the public no longer sees."""

from rest_framework import mixins, viewsets

from infrastructures import services
from infrastructures.api.serializers import (
    ClusterSerializer,
    EquipmentItemSerializer,
    FundingProgrammeSerializer,
    InfrastructureSerializer,
    OrganisationSerializer,
    ThemeSerializer,
    TombstoneSerializer,
)
from infrastructures.filtersets import EquipmentFilterSet, InfrastructureFilterSet, TombstoneFilterSet
from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    Infrastructure,
    Organisation,
    Theme,
    Tombstone,
)
from infrastructures.page_cache import kept_api_answer
from rii_catalogue.api import CatalogueViewMixin, CuratorWrites, VersionedWritesMixin

Record = Tombstone.RecordType


class InfrastructureViewSet(CatalogueViewMixin, VersionedWritesMixin, viewsets.ModelViewSet):
    """Infrastructures: the public sees published entries; curators also their regions' drafts.

    Filters and full-text search take the parameters of the public search page (`q`, `region`,
    `theme`, `kind`, `access_mode`, `business_model`, `owner`, `trl`, `sme`, `sort`); repeat a
    parameter to OR its values. Funding: `programme`, `priority_axis`, `year_from`, `year_to` speak
    of one funding record together (funded by the programme, on the axis, running in the period).
    A write may send `If-Match` with the entry's ETag: if the entry changed since, the answer is 412
    and nothing is written.
    """

    serializer_class = InfrastructureSerializer
    filterset_class = InfrastructureFilterSet
    tombstone_type = Record.INFRASTRUCTURE
    permission_classes = [CuratorWrites]
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Infrastructure.objects.visible_to(self.request.user).for_api().order_by("name_en", "pk")

    @kept_api_answer
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

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


class EquipmentViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    """Equipment items, each a record of its own (its entry's `equipment` list nests the same items):
    those of the entries this account sees (the public: published entries)."""

    serializer_class = EquipmentItemSerializer
    filterset_class = EquipmentFilterSet
    tombstone_type = Record.EQUIPMENT
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404

    def get_queryset(self):
        return (
            Equipment.objects.visible_to(self.request.user)
            .select_related("infrastructure")
            .order_by("name_en", "pk")
        )


class OrganisationViewSet(CatalogueViewMixin, VersionedWritesMixin, viewsets.ModelViewSet):
    """Owners and operators. Regional managers maintain the organisations of their regions."""

    serializer_class = OrganisationSerializer
    tombstone_type = Record.ORGANISATION
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


class ThemeViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ThemeSerializer
    tombstone_type = Record.THEME
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    queryset = Theme.objects.order_by("position", "slug")


class FundingProgrammeViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FundingProgrammeSerializer
    tombstone_type = Record.FUNDING_PROGRAMME
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    queryset = (
        FundingProgramme.objects.select_related("region").prefetch_related("priority_axes").order_by("slug")
    )


class ClusterViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ClusterSerializer
    tombstone_type = Record.CLUSTER
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    queryset = Cluster.objects.select_related("region").prefetch_related("themes", "members").order_by("slug")


class TombstoneViewSet(CatalogueViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What the public could see and no longer can: deleted, withdrawn from publication, or known by
    another slug now (reason `renamed`: the record itself is listed under its new slug). A harvester
    reads them after the changes (`updated_since`) and removes its copies; a record published again
    loses its tombstone."""

    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilterSet
    updated_since_field = "at"
    queryset = Tombstone.objects.order_by("at", "pk")
