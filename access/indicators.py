"""The SME-access indicators, counted from the requests' events: per year, region, infrastructure
and size class, the requests received and the accesses completed. They survive anonymisation."""

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from access.models import AccessRequest, AccessRequestEvent

RECEIVED = Q(from_status="")
COMPLETED = Q(status=AccessRequest.Status.COMPLETED) & ~Q(from_status=AccessRequest.Status.COMPLETED)
DIMENSIONS = {
    "year": ExtractYear("created_at"),
    "region": F("access_request__regions"),
    "infrastructure": F("access_request__infrastructure"),
    "company_size": F("access_request__company_size"),
}


def access_counts(events=None, by=tuple(DIMENSIONS)):
    """Rows of {<each dimension of `by`>, received, completed}, in that order. Grouped by region, a
    one-stop request counts in each region it went to (with no infrastructure); not grouped by
    region, it counts once."""
    events = AccessRequestEvent.objects.all() if events is None else events
    return list(
        events.filter(RECEIVED | COMPLETED)
        .annotate(**{name: DIMENSIONS[name] for name in by})
        .values(*by)
        .annotate(received=Count("pk", filter=RECEIVED), completed=Count("pk", filter=COMPLETED))
        .order_by(*by)
    )
