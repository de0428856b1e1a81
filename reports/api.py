"""The funded list through API v1: /api/v1/funding-records/ with the report's filters, a page of rows
and the totals of every row the filters keep (not only of the page)."""

from rest_framework import mixins, serializers, viewsets

from infrastructures.models import FundingRecord
from reports import downloads, selectors
from reports.filtersets import FundingRecordFilterSet
from rii_catalogue.api import CataloguePagination, CatalogueViewMixin

UPDATED_AT = serializers.DateTimeField()  # written as the other endpoints write their `updated_at`


class FundingRowSerializer(serializers.Serializer):
    """A row of the funded list, as the CSV and JSON downloads write it."""

    recipient_type = serializers.ChoiceField(choices=["infrastructure", "organisation"])
    recipient = serializers.SlugField(help_text="Slug of the funded infrastructure or organisation.")
    recipient_name = serializers.CharField()
    publication_state = serializers.CharField(
        help_text="The infrastructure's state (published, draft, ...); empty for an organisation."
    )
    programme = serializers.SlugField()
    programme_name = serializers.CharField()
    priority_axis = serializers.CharField(help_text="The axis code within the programme; empty if none.")
    priority_axis_name = serializers.CharField()
    project = serializers.CharField()
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    eu_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    operating_grant = serializers.CharField(help_text="recurrent, one_off, or empty.")
    owner = serializers.SlugField()
    owner_name = serializers.CharField()
    region = serializers.SlugField()
    region_name = serializers.CharField()
    nuts_code = serializers.CharField()
    themes = serializers.CharField(help_text="Theme slugs, separated by '; '.")
    note = serializers.CharField()
    updated_at = serializers.DateTimeField(help_text="When the funding record last changed.")


_AMOUNT = {"type": "string", "format": "decimal", "pattern": r"^\d+\.\d{2}$", "example": "8400000.00"}
_SUM = {
    "type": "object",
    "properties": {
        "records": {"type": "integer"},
        "amount": {**_AMOUNT, "description": "Sum of the amounts known."},
        "eu_amount": {**_AMOUNT, "description": "Sum of the EU shares known."},
        "records_without_amount": {"type": "integer", "description": "Records whose amount is not known."},
        "records_without_eu_amount": {"type": "integer"},
    },
    "required": ["records", "amount", "eu_amount", "records_without_amount", "records_without_eu_amount"],
}
TOTALS_SCHEMA = {
    "type": "object",
    "description": "Totals of every record the filters keep, not only of this page.",
    "properties": {
        "programmes": {
            "type": "array",
            "items": {
                **_SUM,
                "properties": {
                    "programme": {"type": "string"},
                    "programme_name": {"type": "string"},
                    **_SUM["properties"],
                },
            },
        },
        "overall": _SUM,
    },
    "required": ["programmes", "overall"],
}


class FundingPagination(CataloguePagination):
    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["totals"] = TOTALS_SCHEMA
        response["required"] = [*response.get("required", []), "totals"]
        return response


class FundingRecordViewSet(CatalogueViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The funded list of the reports: one row per funding record, with the totals per programme
    and overall beside the page. The public sees the funding of published entries and of
    organisations; managing authorities and curators also that of drafts (`publication_state`).

    Filters (repeat one to OR its values): `programme` (slug), `priority_axis` (code, e.g. 1, or
    programme and code, e.g. erdf-flanders-2014-2020:1),
    `region` (slug or NUTS code), `year_from`, `year_to`, `theme` (slug), `kind`, `owner` (slug).

    With `updated_since`, the records changed since (their own `updated_at`), and the totals of
    those. A row has no identity of its own and no tombstones (an entry's funding list is replaced
    whenever it is written): keep a copy of the funded list by reading it whole, or an entry's
    funding through /api/v1/infrastructures/ (its `updated_at` moves with its funding).
    """

    serializer_class = FundingRowSerializer
    filterset_class = FundingRecordFilterSet
    pagination_class = FundingPagination

    def get_queryset(self):
        return FundingRecord.objects.visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        records = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(records.for_report().in_report_order())
        rows = [
            {
                **downloads.json_row(selectors.report_row(record)),
                "updated_at": UPDATED_AT.to_representation(record.updated_at),
            }
            for record in page
        ]
        response = self.get_paginated_response(rows)
        response.data["totals"] = downloads.json_totals(selectors.funding_totals(records))
        return response
