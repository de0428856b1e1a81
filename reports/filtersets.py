"""The funding report's filters: one FilterSet for the page, its downloads and the API.

Several values of one filter are OR-ed (?programme=a&programme=b), filters are AND-ed, as on the
search page (InfrastructureFilterSet), whose parameter names and values these share. Funding of an
organisation has no theme or kind: it drops out when one is chosen.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

# Priority axes and years are read as the infrastructures' funding filters read them.
from infrastructures.filtersets import (
    PeriodForm,
    PriorityAxisFilter,
    SlugsFilter,
    funding_running_from,
    funding_running_to,
    year_filter,
)
from infrastructures.models import (
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    PriorityAxis,
    Theme,
)
from regions.models import Region


class RegionChoiceField(forms.ModelMultipleChoiceField):
    """Regions named by slug (flanders) or by NUTS code (BE2)."""

    def _check_values(self, value):
        value = [str(item).strip() for item in value]
        for item in value:
            self.validate_no_null_characters(item)
        found = self.queryset.filter(Q(slug__in=value) | Q(nuts_code__in=value))
        known = {region.slug for region in found} | {region.nuts_code for region in found}
        for item in value:
            if item not in known:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return found


class RegionFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = RegionChoiceField


class FundingRecordFilterSet(django_filters.FilterSet):
    programme = SlugsFilter(
        label=_("Programme"),
        queryset=FundingProgramme.objects.all(),
        field_name="programme__slug",  # the filter compares the slug it was given
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    priority_axis = PriorityAxisFilter(
        label=_("Priority axis"),
        queryset=PriorityAxis.objects.select_related("programme"),
        method="filter_priority_axis",
        help_text=_("The axis code, e.g. 1, or programme and code, e.g. erdf-flanders-2014-2020:1."),
    )
    region = RegionFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Slug or NUTS code (e.g. BE2) of the funded entry's region."),
    )
    year_from = year_filter(_("From year"), "filter_year_from", _("Funding that runs in or after this year."))
    year_to = year_filter(_("To year"), "filter_year_to", _("Funding that starts in or before this year."))
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Funding of organisations has no theme: it is left out once a theme is chosen."),
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=Infrastructure.Kind.choices,
        field_name="infrastructure__kind",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Funding of organisations has no kind: it is left out once a kind is chosen."),
    )
    owner = django_filters.ModelMultipleChoiceFilter(
        label=_("Owner"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        method="filter_owner",
        help_text=_("The funded infrastructure's owner, or the funded organisation itself."),
    )

    class Meta:
        model = FundingRecord
        fields = []
        form = PeriodForm

    def filter_region(self, queryset, name, value: str):
        if not value:
            return queryset
        return queryset.filter(Q(infrastructure__region__in=value) | Q(organisation__region__in=value))

    def filter_priority_axis(self, queryset, name, value: str):
        return queryset.filter(priority_axis__in=value) if value else queryset

    def filter_year_from(self, queryset, name, value: int):
        return queryset if value is None else funding_running_from(queryset, value)

    def filter_year_to(self, queryset, name, value: int):
        return queryset if value is None else funding_running_to(queryset, value)

    def filter_theme(self, queryset, name, value: str):
        if not value:
            return queryset
        tagged = Infrastructure.themes.through.objects.filter(
            infrastructure=OuterRef("infrastructure"), theme__in=value
        )
        return queryset.filter(Exists(tagged))

    def filter_owner(self, queryset, name, value: str):
        if not value:
            return queryset
        return queryset.filter(Q(infrastructure__owner__in=value) | Q(organisation__in=value))
