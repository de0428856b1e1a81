"""The public catalogue: what an anonymous visitor sees. Published entries only, everywhere."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from infrastructures import jsonld
from infrastructures.facets import count_by, facet_counts
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.models import Cluster, Infrastructure, Organisation, OrganisationFigure, Theme
from infrastructures.search import normalise_query
from regions.models import Region
from reports.charts import organisation_charts
from reports.selectors import funding_by_year

RESULTS_PER_PAGE = 20
MAX_MAP_MARKERS = 1000
RELATED_ENTRIES = 4


def published_infrastructures():
    return Infrastructure.objects.published()


def published_entry_count():
    """How many published infrastructures a theme or region has (for annotate)."""
    published = Q(infrastructures__publication_state=Infrastructure.PublicationState.PUBLISHED)
    return Count("infrastructures", filter=published)


def map_points(queryset):
    """Markers for the map: one query, however many results."""
    return [
        {
            "name": entry.name,
            "url": entry.get_absolute_url(),
            "lat": float(entry.latitude),
            "lng": float(entry.longitude),
            "city": entry.city,
        }
        for entry in queryset.with_coordinates()
        .only("slug", "name_en", "name_nl", "latitude", "longitude", "city")
        .order_by()[:MAX_MAP_MARKERS]
    ]


class HomeView(TemplateView):
    template_name = "catalogue/home.html"

    def get_context_data(self, **kwargs):
        published = published_infrastructures()
        return super().get_context_data(
            themes=Theme.objects.annotate(n=published_entry_count()),
            regions=Region.objects.annotate(n=published_entry_count()).filter(n__gt=0),
            facts=published.aggregate(
                infrastructures=Count("pk"),
                owners=Count("owner", distinct=True),
                regions=Count("region", distinct=True),
            ),
            filterset=InfrastructureFilterSet(queryset=published),
            **kwargs,
        )


def search(request):
    """Results with facets, map and pagination; every state lives in the URL."""
    filterset = InfrastructureFilterSet(request.GET, queryset=published_infrastructures(), request=request)
    context = {"filterset": filterset, "query": ""}
    if not filterset.is_valid():
        context["errors"] = [
            (filterset.filters[name].label if name in filterset.filters else name, message)
            for name, messages in filterset.errors.items()
            for message in messages
        ]
        return render(request, "catalogue/search.html", context, status=400)

    results = filterset.qs
    paginator = Paginator(results.for_listing(), RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        page_number = request.GET.get("page", "")[:20]
        message = _("There is no page %(page)s of these results.") % {"page": page_number}
        context["errors"] = [(_("Page"), message)]
        return render(request, "catalogue/search.html", context, status=400)

    query = normalise_query(filterset.form.cleaned_data.get("q"))
    context.update(
        query=query,
        page=page,
        results=page.object_list,
        facets=facet_counts(filterset),
        map_points=map_points(results),
        querystring_without_page=_querystring_without(request, "page"),
        suggestions=[] if paginator.count else _suggestions(),
    )
    return render(request, "catalogue/search.html", context)


def _querystring_without(request, key):
    params = request.GET.copy()
    params.pop(key, None)
    return params.urlencode()


def _suggestions():
    """When nothing matches: the themes worth trying instead."""
    return Theme.objects.annotate(n=published_entry_count()).filter(n__gt=0)


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
            jsonld=jsonld.infrastructure_jsonld(entry, self.request),
            **kwargs,
        )


class OrganisationDetailView(DetailView):
    template_name = "catalogue/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        published = published_infrastructures().for_listing()
        return Organisation.objects.select_related("region", "parent").prefetch_related(
            "children",
            "clusters",
            "funding_records__programme",
            "figures",
            Prefetch("owned_infrastructures", queryset=published, to_attr="published_owned"),
            Prefetch("operated_infrastructures", queryset=published, to_attr="published_operated"),
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
        years = funding_by_year(organisation.funding_records.all())  # prefetched with programmes
        figures = sorted(organisation.figures.all(), key=OrganisationFigure.reading_order)
        figure_charts = organisation_charts(years[0], figures)
        return super().get_context_data(
            jsonld=jsonld.organisation_jsonld(organisation, self.request),
            organisation_years=years,
            figures=figures,
            funding_chart=figure_charts.get("funding"),
            members_chart=figure_charts.get("members"),
            **kwargs,
        )


class RegionDetailView(DetailView):
    """A region's profile: what it holds, by theme and by kind."""

    template_name = "catalogue/region_detail.html"
    context_object_name = "region"
    queryset = Region.objects.all()

    def get_context_data(self, **kwargs):
        entries = published_infrastructures().filter(region=self.object)
        return super().get_context_data(
            entries=entries.for_listing().order_by("name"),
            by_theme=count_by(entries, "theme"),
            by_kind=count_by(entries, "kind"),
            organisations=Organisation.objects.filter(region=self.object).order_by("name"),
            map_points=map_points(entries),
            jsonld=jsonld.region_jsonld(self.object, self.request),
            **kwargs,
        )


class ThemeDetailView(DetailView):
    template_name = "catalogue/theme_detail.html"
    context_object_name = "theme"
    queryset = Theme.objects.all()

    def get_context_data(self, **kwargs):
        entries = published_infrastructures().filter(themes=self.object)
        return super().get_context_data(
            entries=entries.for_listing().order_by("name"),
            by_region=count_by(entries, "region"),
            clusters=self.object.clusters.all(),
            map_points=map_points(entries),
            jsonld=jsonld.theme_jsonld(self.object, self.request),
            **kwargs,
        )


class ClusterDetailView(DetailView):
    template_name = "catalogue/cluster_detail.html"
    context_object_name = "cluster"

    def get_queryset(self):
        return Cluster.objects.select_related("region").prefetch_related("themes", "members")

    def get_context_data(self, **kwargs):
        members = self.object.members.all()
        entries = published_infrastructures().filter(Q(owner__in=members) | Q(operators__in=members))
        return super().get_context_data(
            entries=entries.distinct().for_listing().order_by("name"),
            jsonld=jsonld.cluster_jsonld(self.object, self.request),
            **kwargs,
        )
