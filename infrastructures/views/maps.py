"""The map's data: the published entries a search matches, clustered for one view, as GeoJSON."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from infrastructures import geo
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.models import Infrastructure

# Published entries change a few times a day; a minute keeps a map that many visitors pan cheap.
CACHE_SECONDS = 60


@require_GET
def map_features(request):
    """?<the search page's filters>&zoom=<0-22>&bbox=<west,south,east,north> (both optional)."""
    filterset = InfrastructureFilterSet(
        request.GET, queryset=Infrastructure.objects.published(), request=request
    )
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    try:
        zoom = geo.parse_zoom(request.GET.get("zoom"))
        box = geo.parse_bbox(request.GET["bbox"]) if "bbox" in request.GET else None
    except geo.BadParameter as error:
        return JsonResponse({"errors": {error.parameter: [{"message": error.message}]}}, status=400)
    collection = geo.feature_collection(filterset.qs, zoom=zoom, box=box)
    response = JsonResponse(collection, content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
