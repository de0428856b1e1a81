from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path

from infrastructures.sitemaps import SITEMAPS
from infrastructures.views import curation
from regions import admin_rights
from rii_catalogue import health

urlpatterns = [
    # An index of the sections' sitemaps, each split into pages of at most 1,000 addresses (?p=2).
    path("sitemap.xml", index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("api/v1/", include("rii_catalogue.api_urls")),
    # Outside the language prefixes; no session, never cached, not throttled, no HTTPS redirect.
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("health/worker", health.worker, name="health-worker"),
]

# English at /, Dutch at /nl/.
urlpatterns += i18n_patterns(
    # Before the admin's own pattern of the same address: "view on site" scoped like the admin.
    path(
        "admin/r/<str:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_rights.view_on_site),
    ),
    path("admin/login/", curation.login),  # the admin's own page, landing each role on its start page
    path("admin/", admin.site.urls),
    path("", include("access.urls")),
    path("curation/", include("infrastructures.curation_urls")),
    path("reports/", include("reports.urls")),
    path("open-data/", include("opendata.urls")),
    path("", include("infrastructures.urls")),
    prefix_default_language=False,
)

# Rendered without the database; a database out of reach or busy is a 503, not a 500.
handler500 = "rii_catalogue.views_errors.server_error"
