"""The funding report's filters: one FilterSet for the page, its downloads and the API.

Several values of one filter are OR-ed (?programme=a&programme=b), filters are AND-ed, as on the
search page (InfrastructureFilterSet), whose parameter names and values these share. Funding of an
organisation has no theme or kind: it drops out when one is chosen.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from infrastructures.models import (
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    PriorityAxis,
    Theme,
)
from regions.models import Region

FIRST_YEAR, LAST_YEAR = 1950, 2100


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


class PriorityAxisChoiceField(forms.ModelMultipleChoiceField):
    """Axes named by their code ("1": that axis of every programme, narrowed by the programme
    filter) or by programme and code ("erdf-flanders-2014-2020:1", what the form's options send)."""

    SEPARATOR = ":"

    def prepare_value(self, value):
        if isinstance(value, PriorityAxis):
            return f"{value.programme.slug}{self.SEPARATOR}{value.code}"
        return super().prepare_value(value)

    def _check_values(self, value):
        matches = Q(pk__in=[])
        for item in value:
            item = str(item).strip()
            self.validate_no_null_characters(item)
            programme, separator, code = item.rpartition(self.SEPARATOR)
            named = Q(code=code, programme__slug=programme) if separator else Q(code=code)
            if not self.queryset.filter(named).exists():
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
            matches |= named
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


def _year_filter(label, method, help_text):
    return YearFilter(
        label=label,
        method=method,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=help_text,
    )


class FundingRecordFilterSet(django_filters.FilterSet):
    programme = django_filters.ModelMultipleChoiceFilter(
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
    year_from = _year_filter(
        _("From year"), "filter_year_from", _("Funding that runs in or after this year.")
    )
    year_to = _year_filter(_("To year"), "filter_year_to", _("Funding that starts in or before this year."))
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

    # A record without a first year is left out once a period is chosen: when it ran is not known.
    # Without a last year it ran in its first year only.
    def filter_year_from(self, queryset, name, value: int):
        if value is None:
            return queryset
        last_year = Coalesce("end_year", "start_year")
        return queryset.alias(last_year=last_year).filter(start_year__isnull=False, last_year__gte=value)

    def filter_year_to(self, queryset, name, value: int):
        return queryset if value is None else queryset.filter(start_year__lte=value)

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
