from rest_framework import viewsets

from regions.api.serializers import RegionSerializer
from regions.models import Region
from rii_catalogue.api import CatalogueViewMixin


class RegionViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    """Regions with their NUTS codes and managing authorities."""

    serializer_class = RegionSerializer
    # infrastructures.models.Tombstone.RecordType.REGION, by value: regions imports no other app.
    tombstone_type = "regions"
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # any value reaches the view and gets a JSON 404
    queryset = Region.objects.order_by("slug")
