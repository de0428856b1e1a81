"""The SME-access indicators, counted from the requests' events: per year, region, infrastructure
and size class, the requests received and the accesses completed. They survive anonymisation."""

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from access.models import AccessRequest, AccessRequestEvent

RECEIVED = Q(from_status="")
COMPLETED = Q(status=AccessRequest.Status.COMPLETED) & ~Q(from_status=AccessRequest.Status.COMPLETED)


def access_counts(events=None):
    """Rows of {year, region, infrastructure, company_size, received, completed}, in that order.
    A one-stop request counts in each region it went to, with no infrastructure."""
    events = AccessRequestEvent.objects.all() if events is None else events
    return list(
        events.filter(RECEIVED | COMPLETED)
        .annotate(
            year=ExtractYear("created_at"),
            region=F("access_request__regions"),
            infrastructure=F("access_request__infrastructure"),
            company_size=F("access_request__company_size"),
        )
        .values("year", "region", "infrastructure", "company_size")
        .annotate(received=Count("pk", filter=RECEIVED), completed=Count("pk", filter=COMPLETED))
        .order_by("year", "region", "infrastructure", "company_size")
    )
