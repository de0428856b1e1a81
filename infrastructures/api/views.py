"""API v1 endpoints for infrastructures, organisations, themes, programmes and clusters."""

from django.utils.http import http_date
from rest_framework import viewsets
from rest_framework.response import Response

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
from rii_catalogue.api import CuratorWrites


class LastModifiedMixin:
    """Detail answers carry Last-Modified, so If-Modified-Since can answer 304."""

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["Last-Modified"] = http_date(instance.updated_at.timestamp())
        return response


class InfrastructureViewSet(LastModifiedMixin, viewsets.ModelViewSet):
    """Infrastructures: the public sees published entries; curators also their regions' drafts.

    Filters and full-text search take the parameters of the public search page (`q`, `region`,
    `theme`, `kind`, `access_mode`, `business_model`, `owner`, `trl`, `sme`, `sort`); repeat a
    parameter to OR its values.
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

    def perform_update(self, serializer):
        serializer.instance = services.infrastructure_update(
            user=self.request.user,
            infrastructure=serializer.instance,
            data=serializer.validated_data,
            origin="api",
        )


class OrganisationViewSet(viewsets.ModelViewSet):
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
        serializer.instance = services.organisation_save(
            user=self.request.user, organisation=Organisation(), data=serializer.validated_data, origin="api"
        )

    def perform_update(self, serializer):
        serializer.instance = services.organisation_save(
            user=self.request.user,
            organisation=serializer.instance,
            data=serializer.validated_data,
            origin="api",
        )


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
