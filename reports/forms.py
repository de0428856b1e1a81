from django import forms
from django.utils.translation import gettext_lazy as _

from infrastructures.filtersets import FIRST_YEAR, LAST_YEAR, PeriodForm
from regions.models import Region
from reports.filtersets import RegionChoiceField


def _regions(required):
    return RegionChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


def _year(label):
    return forms.IntegerField(label=label, min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)


class CompareForm(forms.Form):
    region = _regions(required=True)

    def clean_region(self):
        regions = self.cleaned_data["region"]
        if len(regions) < 2:
            raise forms.ValidationError(_("Choose two regions or more to compare."))
        return regions


class SmeAccessForm(PeriodForm):
    region = _regions(required=False)
    year_from = _year(_("From year"))
    year_to = _year(_("To year"))
