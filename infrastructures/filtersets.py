"""The one definition of how infrastructures are filtered: the search page, the API and exports use it.

Several values of one filter are OR-ed (?theme=photonics&theme=flexible-electronics), filters are
AND-ed. Facet counts (facets.py) apply every filter but the facet's own.
"""

from functools import cached_property

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from access.models import AccessCondition, BusinessModel
from infrastructures.models import FundingProgramme, FundingRecord, Infrastructure, Organisation, Theme
from infrastructures.search import Search
from regions.models import Region

TRL_CHOICES = [(level, str(level)) for level in range(1, 10)]
MAX_QUERY_LENGTH = 200


class SortChoices:
    RELEVANCE = "relevance"
    NAME = "name"
    RECENTLY_UPDATED = "-updated"
    RECENTLY_VERIFIED = "-verified"
    CHOICES = [
        (RELEVANCE, _("Relevance")),
        (NAME, _("Name (A–Z)")),
        (RECENTLY_UPDATED, _("Recently updated")),
        (RECENTLY_VERIFIED, _("Recently verified")),
    ]


def _with_access(queryset, condition):
    conditions = AccessCondition.objects.filter(condition, infrastructure=OuterRef("pk"))
    return queryset.filter(Exists(conditions))


class InfrastructureFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Words from the name, description, equipment, owner or themes."),
    )
    region = django_filters.ModelMultipleChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", method="filter_region"
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", method="filter_theme"
    )
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Infrastructure.Kind.choices)
    access_mode = django_filters.MultipleChoiceFilter(
        label=_("Access mode"), choices=AccessCondition.AccessMode.choices, method="filter_access_mode"
    )
    business_model = django_filters.ModelMultipleChoiceFilter(
        label=_("Business model"),
        queryset=BusinessModel.objects.all(),
        to_field_name="code",
        method="filter_business_model",
    )
    owner = django_filters.ModelMultipleChoiceFilter(
        label=_("Owner"), queryset=Organisation.objects.all(), to_field_name="slug", method="filter_owner"
    )
    programme = django_filters.ModelMultipleChoiceFilter(
        label=_("Funding programme"),
        queryset=FundingProgramme.objects.all(),
        to_field_name="slug",
        method="filter_programme",
        help_text=_("Entries funded by this programme (slug)."),
    )
    trl = django_filters.TypedChoiceFilter(
        label=_("Technology readiness level"),
        choices=TRL_CHOICES,
        coerce=int,
        method="filter_trl",
        help_text=_("Entries whose TRL range includes this level."),
    )
    sme = django_filters.BooleanFilter(
        label=_("Open to SMEs"),
        method="filter_sme",
        widget=django_filters.widgets.BooleanWidget(),  # only "true" and "false" mean anything
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SortChoices.CHOICES, method="filter_sort", empty_label=None
    )

    # Facets: the filters whose values the search page lists with counts.
    FACETS = ("region", "theme", "kind", "access_mode", "business_model", "owner", "trl", "sme")

    class Meta:
        model = Infrastructure
        fields = []

    def filter_q(self, queryset, name, value):
        return self.search.apply(queryset) if self.search else queryset

    @cached_property
    def search(self):
        """How the text is searched (did-you-mean, some words only), decided once on the whole
        queryset so that results and facet counts agree."""
        text = self.form.cleaned_data.get("q")
        return Search.prepare(self.queryset, text) if text else None

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__in=value) if value else queryset

    # The `value: str` hints tell the OpenAPI schema what travels in the URL: slugs and codes.
    def filter_theme(self, queryset, name, value: str):
        if not value:
            return queryset
        tagged = Infrastructure.themes.through.objects.filter(infrastructure=OuterRef("pk"), theme__in=value)
        return queryset.filter(Exists(tagged))

    def filter_owner(self, queryset, name, value):
        return queryset.filter(owner__in=value) if value else queryset

    def filter_programme(self, queryset, name, value: str):
        if not value:
            return queryset
        funded = FundingRecord.objects.filter(infrastructure=OuterRef("pk"), programme__in=value)
        return queryset.filter(Exists(funded))

    def filter_access_mode(self, queryset, name, value):
        return _with_access(queryset, Q(access_mode__in=value)) if value else queryset

    def filter_business_model(self, queryset, name, value: str):
        return _with_access(queryset, Q(business_models__in=value)) if value else queryset

    def filter_trl(self, queryset, name, value: int):
        if value in (None, ""):
            return queryset
        return queryset.filter(trl_min__lte=value, trl_max__gte=value)

    def filter_sme(self, queryset, name, value):
        return queryset.open_to_smes() if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    def filter_queryset(self, queryset):
        return self.order(self.filter_without(None, queryset))

    def filter_without(self, excluded, queryset=None):
        """The queryset with every filter applied except `excluded` (for that facet's counts)."""
        queryset = self.queryset if queryset is None else queryset
        for name, value in self.form.cleaned_data.items():
            if name != excluded and name != "sort":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def order(self, queryset):
        sort = self.form.cleaned_data.get("sort") or SortChoices.RELEVANCE
        searching = bool(self.form.cleaned_data.get("q"))
        if sort == SortChoices.RELEVANCE and searching:
            return queryset.order_by("-rank", "name_en", "pk")
        if sort == SortChoices.RECENTLY_UPDATED:
            return queryset.order_by("-updated_at", "pk")
        if sort == SortChoices.RECENTLY_VERIFIED:
            return queryset.order_by(F("last_reviewed_on").desc(nulls_last=True), "name_en", "pk")
        return queryset.order_by("name", "pk")
