from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from regions.api.serializers import RegionSerializer
from regions.models import Region
from rii_catalogue.api import error_responses


@extend_schema_view(
    list=extend_schema(responses=error_responses(400)), retrieve=extend_schema(responses=error_responses(404))
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions with their NUTS codes and managing authorities."""

    serializer_class = RegionSerializer
    lookup_field = "slug"
    queryset = Region.objects.order_by("slug")
