"""The public catalogue: what an anonymous visitor sees. Published entries only, everywhere."""

from django.core.paginator import InvalidPage
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from infrastructures import analysis, jsonld, page_cache
from infrastructures.facets import count_by, facet_counts
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.models import Cluster, Infrastructure, Organisation, OrganisationFigure, Theme
from infrastructures.page_cache import public_page
from infrastructures.search import normalise_query
from regions.models import Region
from reports.charts import organisation_charts
from reports.selectors import funding_by_year
from rii_catalogue import catalogue_version
from rii_catalogue.pagination import IdsFirstPaginator

RESULTS_PER_PAGE = 20
RELATED_ENTRIES = 4
RECENTLY_VERIFIED = 4  # on the home page
OVERVIEW_SECONDS = 3600  # a safety net: the key changes with every public change


def published_infrastructures():
    return Infrastructure.objects.published()


def published_entry_count():
    """How many published infrastructures a theme or region has (for annotate)."""
    published = Q(infrastructures__publication_state=Infrastructure.PublicationState.PUBLISHED)
    return Count("infrastructures", filter=published)


def map_section(entries, query, per_page=RESULTS_PER_PAGE):
    """What the map section says and where map.js fetches its features (catalogue:map-features with
    the page's filters `query`): how many entries, how many of them have a place; one query."""
    # Counting the coordinates themselves, not ids: the published-and-located index answers without
    # reading the rows (COUNT(latitude) leaves out the entries without one).
    counts = entries.order_by().aggregate(
        total=Count("*"), located=Count("latitude", filter=Q(longitude__isnull=False))
    )
    return {"query": query, "per_page": per_page, **counts}


def catalogue_overview():
    """The home page's figures, and its themes and regions with published entries (most first), kept
    until the public catalogue changes: counted afresh they read every entry (0.4 s at 100,000)."""
    return catalogue_version.kept(f"catalogue-overview-{get_language()}", _overview, OVERVIEW_SECONDS)


def _overview():
    published = published_infrastructures()
    facts = published.aggregate(
        infrastructures=Count("pk"),
        owners=Count("owner", distinct=True),
        regions=Count("region", distinct=True),
    )
    facts["open_to_smes"] = published.open_to_smes().count() if facts["infrastructures"] else 0
    themes = Theme.objects.annotate(n=published_entry_count()).filter(n__gt=0).order_by("-n", "name")
    regions = Region.objects.annotate(n=published_entry_count()).filter(n__gt=0).order_by("-n", "name")
    return {"facts": facts, "themes": list(themes), "regions": list(regions)}


@method_decorator(public_page, name="dispatch")
class HomeView(TemplateView):
    """The first screen: what the catalogue holds and for whom, the search box, the themes and
    regions that have published entries (most first; an empty one is not advertised), and the
    entries verified most recently. A fixed number of queries, however large the catalogue."""

    template_name = "catalogue/home.html"

    def get_context_data(self, **kwargs):
        published = published_infrastructures()
        return super().get_context_data(
            **catalogue_overview(),
            recently_verified=published.filter(last_reviewed_on__isnull=False)
            .select_related("owner", "region")
            .order_by("-last_reviewed_on", "name", "pk")[:RECENTLY_VERIFIED],
            filterset=InfrastructureFilterSet(queryset=published),
            jsonld=jsonld.for_page(jsonld.home(self.request)),
            **kwargs,
        )


@public_page
def search(request):
    """Results with facets, map and pagination; every state lives in the URL."""
    filterset = InfrastructureFilterSet(request.GET, queryset=published_infrastructures(), request=request)
    context = {"filterset": filterset, "query": ""}
    context["jsonld"] = jsonld.for_page(jsonld.search_page(request, _("Search")))
    if not filterset.is_valid():
        context["errors"] = [
            (filterset.filters[name].label if name in filterset.filters else name, message)
            for name, messages in filterset.errors.items()
            for message in messages
        ]
        return render(request, "catalogue/search.html", context, status=400)

    results = filterset.qs
    filters = _querystring_without(request, "page")
    section = map_section(results, filters)  # counts the results too: the paginator needs not
    paginator = IdsFirstPaginator(results.for_listing(), RESULTS_PER_PAGE, count=section["total"])
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        page_number = request.GET.get("page", "")[:20]
        message = _("There is no page %(page)s of these results.") % {"page": page_number}
        context["errors"] = [(_("Page"), message)]
        return render(request, "catalogue/search.html", context, status=400)

    query = normalise_query(filterset.form.cleaned_data.get("q"))
    facets = facet_counts(filterset)
    if not all(facet.counted for facet in facets):
        page_cache.leave_out(request)  # counted the next time, when the server may be less busy
    context.update(
        query=query,
        page=page,
        results=page.object_list,
        facets=facets,
        map_section=section,
        querystring_without_page=filters,
        search=filterset.search,
        suggestions=[] if paginator.count else _suggestions(query),
        jsonld=jsonld.for_page(jsonld.search_page(request, _search_title(query), page)),
    )
    return render(request, "catalogue/search.html", context)


def _search_title(query):
    """The page's title, as the template writes it."""
    return _("“%(query)s” – search") % {"query": query} if query else _("Search")


def _querystring_without(request, key):
    params = request.GET.copy()
    params.pop(key, None)
    return params.urlencode()


def _suggestions(query):
    """When nothing matches: the themes named like the query ("3D printing"), then those that
    have entries."""
    themes = list(Theme.objects.annotate(n=published_entry_count()))
    query = analysis.parse(query)
    named = [theme for theme in themes if analysis.matches(query, f"{theme.name_en} {theme.name_nl}")]
    return named + [theme for theme in themes if theme.n and theme not in named]


@method_decorator(public_page, name="dispatch")
class InfrastructureDetailView(DetailView):
    template_name = "catalogue/infrastructure_detail.html"
    context_object_name = "entry"

    def get_queryset(self):
        return published_infrastructures().for_detail()

    def get_context_data(self, **kwargs):
        entry = self.object
        return super().get_context_data(
            related=published_infrastructures().related_to(entry).for_listing()[:RELATED_ENTRIES],
            map_points=[
                {
                    "name": entry.name,
                    "lat": float(entry.latitude),
                    "lng": float(entry.longitude),
                    "city": entry.city,
                }
            ]
            if entry.has_coordinates
            else [],
            jsonld=jsonld.for_page(jsonld.record_page(self.request, jsonld.infrastructure, entry)),
            **kwargs,
        )


def entries_page(request, entries):
    """One page of a profile's entries, RESULTS_PER_PAGE at a time like the search, by name. A `page`
    that is no page of them (not a number, out of range) is a 404, never a server error."""
    paginator = IdsFirstPaginator(entries.for_listing().order_by("name", "pk"), RESULTS_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        number = request.GET.get("page", "")[:20]
        raise Http404(_("There is no page %(page)s of these infrastructures.") % {"page": number}) from None


@method_decorator(public_page, name="dispatch")
class OrganisationDetailView(DetailView):
    """An organisation's profile: the entries it owns or operates in one list, a page at a time (each
    card names the owner), and how many of each; its parts, clusters, funding and figures."""

    template_name = "catalogue/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.select_related("region", "parent").prefetch_related(
            "children", "clusters", "funding_records__programme", "figures"
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
        operators = Infrastructure.operators.through.objects.filter(organisation=organisation)
        operated = Exists(operators.filter(infrastructure=OuterRef("pk")))
        entries = published_infrastructures().filter(Q(owner=organisation) | operated)
        years = funding_by_year(organisation.funding_records.all())  # prefetched with programmes
        figures = sorted(organisation.figures.all(), key=OrganisationFigure.reading_order)
        figure_charts = organisation_charts(years[0], figures)
        return super().get_context_data(
            page=entries_page(self.request, entries),
            roles=entries.aggregate(
                owned=Count("pk", filter=Q(owner=organisation)), operated=Count("pk", filter=operated)
            ),
            jsonld=jsonld.for_page(jsonld.record_page(self.request, jsonld.organisation, organisation)),
            organisation_years=years,
            figures=figures,
            funding_chart=figure_charts.get("funding"),
            members_chart=figure_charts.get("members"),
            **kwargs,
        )


@method_decorator(public_page, name="dispatch")
class RegionDetailView(DetailView):
    """A region's profile: what it holds, by theme and by kind (counting every entry), and its entries
    a page at a time."""

    template_name = "catalogue/region_detail.html"
    context_object_name = "region"
    queryset = Region.objects.all()

    def get_context_data(self, **kwargs):
        entries = published_infrastructures().filter(region=self.object)
        return super().get_context_data(
            page=entries_page(self.request, entries),
            by_theme=count_by(entries, "theme"),
            by_kind=count_by(entries, "kind"),
            organisations=Organisation.objects.filter(region=self.object).order_by("name"),
            map_section=map_section(entries, f"region={self.object.slug}"),
            jsonld=jsonld.for_page(jsonld.record_page(self.request, jsonld.region, self.object)),
            **kwargs,
        )


@method_decorator(public_page, name="dispatch")
class ThemeDetailView(DetailView):
    template_name = "catalogue/theme_detail.html"
    context_object_name = "theme"
    queryset = Theme.objects.all()

    def get_context_data(self, **kwargs):
        entries = published_infrastructures().filter(themes=self.object)
        return super().get_context_data(
            page=entries_page(self.request, entries),
            by_region=count_by(entries, "region"),
            clusters=self.object.clusters.all(),
            map_section=map_section(entries, f"theme={self.object.slug}"),
            jsonld=jsonld.for_page(jsonld.record_page(self.request, jsonld.theme, self.object)),
            **kwargs,
        )


@method_decorator(public_page, name="dispatch")
class ClusterDetailView(DetailView):
    template_name = "catalogue/cluster_detail.html"
    context_object_name = "cluster"

    def get_queryset(self):
        return Cluster.objects.select_related("region").prefetch_related("themes", "members")

    def get_context_data(self, **kwargs):
        members = self.object.members.all()
        entries = published_infrastructures().filter(Q(owner__in=members) | Q(operators__in=members))
        return super().get_context_data(
            page=entries_page(self.request, entries.distinct()),
            jsonld=jsonld.for_page(jsonld.record_page(self.request, jsonld.cluster, self.object)),
            **kwargs,
        )
