"""API v1: /api/v1/ with its OpenAPI schema and browsable docs (assets from drf-spectacular-sidecar)."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from access.api.views import AccessRequestViewSet
from infrastructures.api import views as infrastructure_views
from regions.api.views import RegionViewSet
from reports.api import FundingRecordViewSet

router = DefaultRouter()
router.register("infrastructures", infrastructure_views.InfrastructureViewSet, basename="infrastructure")
router.register("equipment", infrastructure_views.EquipmentViewSet, basename="equipment")
router.register("organisations", infrastructure_views.OrganisationViewSet, basename="organisation")
router.register("regions", RegionViewSet, basename="region")
router.register("themes", infrastructure_views.ThemeViewSet, basename="theme")
router.register(
    "funding-programmes", infrastructure_views.FundingProgrammeViewSet, basename="funding-programme"
)
router.register("funding-records", FundingRecordViewSet, basename="funding-record")
router.register("clusters", infrastructure_views.ClusterViewSet, basename="cluster")
router.register("access-requests", AccessRequestViewSet, basename="access-request")
router.register("tombstones", infrastructure_views.TombstoneViewSet, basename="tombstone")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Both pages run under the site's Content-Security-Policy (templates/api/ say how). Redoc needs
    # two exceptions, on its page alone: it writes the styles of what it draws into <style> elements
    # (styled-components), which no hash can name and a nonce would tie to one response; and it runs
    # its search in a worker made from a blob: URL. Its scripts still come only from our static files.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    path("", include(router.urls)),
]
