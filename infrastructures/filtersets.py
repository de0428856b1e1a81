"""The one definition of how infrastructures are filtered: the search page, the API and exports use it.

Several values of one filter are OR-ed (?theme=photonics&theme=flexible-electronics), filters are
AND-ed. Facet counts (facets.py) apply every filter but the facet's own.

Funding (programme, priority axis, years) is read here as the funded list of the reports reads it
(reports.filtersets uses the same fields and year rules), and the equipment list of the API has its
own small FilterSet at the end.
"""

from functools import cached_property

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from access.models import AccessCondition, BusinessModel
from infrastructures.models import (
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    PriorityAxis,
    Theme,
    Tombstone,
)
from infrastructures.search import Search
from regions.models import Region

TRL_CHOICES = [(level, str(level)) for level in range(1, 10)]
MAX_QUERY_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 1950, 2100


# Funding: programmes, priority axes and years, as the funded list and the infrastructures read them.


@extend_schema_field(OpenApiTypes.STR)
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Rows of a related model named by their slugs (?programme=a&programme=b), compared on the slug
    itself (`field_name="programme__slug"`). Its schema says "string, repeatable": drf-spectacular
    cannot follow the slug through the relation, and warned in `check --deploy`."""


class PriorityAxisChoiceField(forms.ModelMultipleChoiceField):
    """Axes named by their code ("1": that axis of every programme, narrowed by the programme
    filter) or by programme and code ("erdf-flanders-2014-2020:1", what the form's options send)."""

    SEPARATOR = ":"

    def prepare_value(self, value):
        if isinstance(value, PriorityAxis):
            return f"{value.programme.slug}{self.SEPARATOR}{value.code}"
        return super().prepare_value(value)

    def _check_values(self, value):
        """Every value must name an axis; the axes are read in one query however many are given."""
        wanted = []
        for item in value:
            item = str(item).strip()
            self.validate_no_null_characters(item)
            programme, separator, code = item.rpartition(self.SEPARATOR)
            wanted.append((item, programme if separator else None, code))
        matches = Q(pk__in=[])
        for _item, programme, code in wanted:
            matches |= Q(code=code) if programme is None else Q(code=code, programme__slug=programme)
        found = set(self.queryset.filter(matches).values_list("programme__slug", "code"))
        for item, programme, code in wanted:
            if not any(code == found_code and programme in (None, slug) for slug, found_code in found):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return self.queryset.filter(matches)


class PriorityAxisFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = PriorityAxisChoiceField


class PeriodForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first is not None and last is not None and first > last:
            self.add_error("year_to", _("The last year cannot be before the first year."))
        return cleaned


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def year_filter(label, method, help_text):
    return YearFilter(
        label=label,
        method=method,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=help_text,
    )


# A record without a first year is left out once a period is chosen: when it ran is not known.
# Without a last year it ran in its first year only.
def funding_running_from(records, year):
    """Funding records that run in or after `year`."""
    last_year = Coalesce("end_year", "start_year")
    return records.alias(last_year=last_year).filter(start_year__isnull=False, last_year__gte=year)


def funding_running_to(records, year):
    """Funding records that start in or before `year`."""
    return records.filter(start_year__lte=year)


# Infrastructures


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
    # A column of the entry itself: no join, so no DISTINCT (which made every count compare whole rows).
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=Infrastructure.Kind.choices, distinct=False
    )
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
    # The funding filters speak of one funding record together (funded by this programme, on this
    # axis, in these years): see filter_funded.
    programme = django_filters.ModelMultipleChoiceFilter(
        label=_("Funding programme"),
        queryset=FundingProgramme.objects.all(),
        to_field_name="slug",
        method="filter_funding",
        help_text=_("Entries funded by this programme (slug)."),
    )
    priority_axis = PriorityAxisFilter(
        label=_("Priority axis"),
        queryset=PriorityAxis.objects.select_related("programme"),
        method="filter_funding",
        help_text=_(
            "Entries funded on this axis: its code, e.g. 1 (narrowed by programme), or programme and "
            "code, e.g. erdf-flanders-2014-2020:1."
        ),
    )
    year_from = year_filter(
        _("Funded from year"), "filter_funding_year", _("Entries with funding running in or after this year.")
    )
    year_to = year_filter(
        _("Funded until year"),
        "filter_funding_year",
        _("Entries with funding starting in or before this year."),
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

    FUNDING = ("programme", "priority_axis", "year_from", "year_to")

    class Meta:
        model = Infrastructure
        fields = []
        form = PeriodForm

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

    # Applied together by filter_funded (the hints tell the OpenAPI schema what travels in the URL).
    def filter_funding(self, queryset, name, value: str):
        return queryset

    def filter_funding_year(self, queryset, name, value: int):
        return queryset

    def filter_funded(self, queryset):
        """Entries with one funding record that meets every funding filter given: a period means
        funding running in it (2016 to 2019 is not one record of 2010 and another of 2025)."""
        data = self.form.cleaned_data
        programmes, axes = data.get("programme"), data.get("priority_axis")
        first, last = data.get("year_from"), data.get("year_to")
        if not programmes and not axes and first is None and last is None:
            return queryset
        records = FundingRecord.objects.filter(infrastructure=OuterRef("pk"))
        if programmes:
            records = records.filter(programme__in=programmes)
        if axes:
            records = records.filter(priority_axis__in=axes)
        if first is not None:
            records = funding_running_from(records, first)
        if last is not None:
            records = funding_running_to(records, last)
        return queryset.filter(Exists(records))

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
            if name != excluded and name != "sort" and name not in self.FUNDING:
                queryset = self.filters[name].filter(queryset, value)
        return self.filter_funded(queryset)

    def is_filtered_without(self, excluded):
        """Whether any filter but `excluded` (and the sort order) narrows the entries."""
        # Chosen objects come as querysets the form evaluated to validate them: no query here.
        return any(value for name, value in self.form.cleaned_data.items() if name not in (excluded, "sort"))

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


# The API's equipment and tombstones


def _visible_entries(request):
    """A draft's slug is no more a valid choice than an unknown one, for those who may not see it."""
    return Infrastructure.objects.visible_to(request.user if request is not None else AnonymousUser())


class EquipmentFilterSet(django_filters.FilterSet):
    infrastructure = SlugsFilter(
        label=_("Infrastructure"),
        queryset=_visible_entries,
        field_name="infrastructure__slug",  # the filter compares the slug it was given
        to_field_name="slug",
        help_text=_("The slug of the infrastructure the items belong to."),
    )
    identifier_type = django_filters.MultipleChoiceFilter(
        label=_("Identifier type"), choices=Equipment.IdentifierType.choices
    )

    class Meta:
        model = Equipment
        fields = []


class TombstoneFilterSet(django_filters.FilterSet):
    type = django_filters.MultipleChoiceFilter(
        label=_("Record type"),
        field_name="record_type",
        choices=Tombstone.RecordType.choices,
        help_text=_("The endpoint the records were in, e.g. infrastructures."),
    )

    class Meta:
        model = Tombstone
        fields = []
