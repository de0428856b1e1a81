"""sitemap.xml: every published page, in English and Dutch."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from infrastructures.models import Cluster, Infrastructure, Organisation, Theme
from regions.models import Region


class CatalogueSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(CatalogueSitemap):
    def items(self):
        return ["catalogue:home", "catalogue:search"]

    def location(self, name):
        return reverse(name)


class InfrastructureSitemap(CatalogueSitemap):
    def items(self):
        return Infrastructure.objects.published().order_by("pk")

    def lastmod(self, entry):
        return entry.updated_at


class ModelSitemap(CatalogueSitemap):
    model = None

    def items(self):
        return self.model.objects.order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "infrastructures": InfrastructureSitemap,
    "organisations": type("OrganisationSitemap", (ModelSitemap,), {"model": Organisation}),
    "regions": type("RegionSitemap", (ModelSitemap,), {"model": Region}),
    "themes": type("ThemeSitemap", (ModelSitemap,), {"model": Theme}),
    "clusters": type("ClusterSitemap", (ModelSitemap,), {"model": Cluster}),
}
