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


class OrganisationSitemap(CatalogueSitemap):
    def items(self):
        return Organisation.objects.order_by("pk")


class RegionSitemap(CatalogueSitemap):
    def items(self):
        return Region.objects.order_by("pk")


class ThemeSitemap(CatalogueSitemap):
    def items(self):
        return Theme.objects.order_by("pk")


class ClusterSitemap(CatalogueSitemap):
    def items(self):
        return Cluster.objects.order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "infrastructures": InfrastructureSitemap,
    "organisations": OrganisationSitemap,
    "regions": RegionSitemap,
    "themes": ThemeSitemap,
    "clusters": ClusterSitemap,
}
