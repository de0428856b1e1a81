"""The sitemaps: `sitemap.xml` is an index of one sitemap per section and page
(`sitemap-infrastructures.xml?p=2`), each of at most URLS_PER_SITEMAP addresses. Every published
page is listed in English and in Dutch, each address with its alternates (hreflang, x-default)."""

from collections.abc import Sequence
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse

from infrastructures.models import Cluster, Infrastructure, Organisation, Theme
from regions.models import Region

# Addresses (<url> elements) per sitemap file; each carries its alternates, about 0.5 KB in all.
# The protocol allows 50,000 URLs and 50 MB; a small file is quick to build and to fetch again.
URLS_PER_SITEMAP = 1000


class EachLanguage(Sequence):
    """The (item, language) pairs a sitemap lists, read from the database a page at a time.

    Django's Sitemap pairs every item with every language in a list before paginating, which reads
    the whole table for each page of a section and for the index. This sequence counts the items in
    the database and reads only the items of the slice a page asks for."""

    def __init__(self, items, languages):
        self.items = items
        self.languages = languages

    @cached_property
    def _length(self):
        items = len(self.items) if isinstance(self.items, list) else self.items.count()
        return items * len(self.languages)

    def __len__(self):
        return self._length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            position = index + len(self) if index < 0 else index
            if not 0 <= position < len(self):
                raise IndexError(index)
            return self[position : position + 1][0]
        start, stop, step = index.indices(len(self))
        per_item = len(self.languages)
        first = start // per_item
        items = self.items[first : -(-stop // per_item)]
        pairs = [(item, language) for item in items for language in self.languages]
        return pairs[start - first * per_item : stop - first * per_item : step]


class CatalogueSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = URLS_PER_SITEMAP
    languages = [code for code, _name in settings.LANGUAGES]  # every page exists in every language

    @property
    def paginator(self):
        return Paginator(EachLanguage(self.items(), self.languages), self.limit)


class StaticPagesSitemap(CatalogueSitemap):
    def items(self):
        return ["catalogue:home", "catalogue:search", "opendata:index"]

    def location(self, name):
        return reverse(name)


class InfrastructureSitemap(CatalogueSitemap):
    def items(self):
        return Infrastructure.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, entry):
        return entry.updated_at

    def get_latest_lastmod(self):
        """For the index: the newest change, counted in the database (Django's reads every entry)."""
        return Infrastructure.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class OrganisationSitemap(CatalogueSitemap):
    def items(self):
        return Organisation.objects.order_by("pk").only("slug")


class RegionSitemap(CatalogueSitemap):
    def items(self):
        return Region.objects.order_by("pk").only("slug")


class ThemeSitemap(CatalogueSitemap):
    def items(self):
        return Theme.objects.order_by("pk").only("slug")


class ClusterSitemap(CatalogueSitemap):
    def items(self):
        return Cluster.objects.order_by("pk").only("slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "infrastructures": InfrastructureSitemap,
    "organisations": OrganisationSitemap,
    "regions": RegionSitemap,
    "themes": ThemeSitemap,
    "clusters": ClusterSitemap,
}
