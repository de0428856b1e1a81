"""How curators filter access requests: the curation list and the API use this one definition."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from access.models import AccessRequest
from regions.models import Region

OPEN = "open"


class AccessRequestFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open")), *AccessRequest.Status.choices],
        method="filter_status",
        empty_label=_("All"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", method="filter_region"
    )
    mail_failed = django_filters.BooleanFilter(label=_("E-mail failed"), method="filter_mail_failed")
    q = django_filters.CharFilter(
        label=_("Reference, company or e-mail"), method="filter_text", max_length=200
    )

    class Meta:
        model = AccessRequest
        fields = ["status", "region", "mail_failed", "q"]

    def filter_status(self, queryset, name, value):
        return queryset.open() if value == OPEN else queryset.filter(status=value)

    def filter_region(self, queryset, name, value: Region):
        # (`value`, annotated: drf-spectacular reads the parameter's type from it.)
        routed = AccessRequest.regions.through.objects.filter(accessrequest_id=OuterRef("pk"), region=value)
        return queryset.filter(Exists(routed))

    def filter_mail_failed(self, queryset, name, value):
        return queryset.with_mail_trouble().filter(mail_trouble=value)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(reference__iexact=value) | Q(company_name__icontains=value) | Q(contact_email__iexact=value)
        )
