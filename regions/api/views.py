from rest_framework import viewsets

from regions.api.serializers import RegionSerializer
from regions.models import Region


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions with their NUTS codes and managing authorities."""

    serializer_class = RegionSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    queryset = Region.objects.order_by("slug")
