"""Small builders for test data: each makes a valid object and lets a test override what it cares about."""

from itertools import count

from infrastructures.models import FundingProgramme, Infrastructure, Organisation, Theme
from infrastructures.search import refresh_search_index
from regions.models import Region

_sequence = count(1)


def region(**fields):
    n = next(_sequence)
    defaults = {"slug": f"region-{n}", "name_en": f"Region {n}", "name_nl": f"Regio {n}", "country": "BE"}
    return Region.objects.create(**(defaults | fields))


def theme(**fields):
    n = next(_sequence)
    defaults = {"slug": f"theme-{n}", "name_en": f"Theme {n}", "name_nl": f"Thema {n}"}
    return Theme.objects.create(**(defaults | fields))


def organisation(**fields):
    n = next(_sequence)
    defaults = {"slug": f"organisation-{n}", "name_en": f"Organisation {n}", "kind": "research_centre"}
    if "region" not in fields:
        defaults["region"] = region()
    return Organisation.objects.create(**(defaults | fields))


def infrastructure(themes=(), **fields):
    """Test data straight into the database (as the seed fixtures load), indexed for search."""
    n = next(_sequence)
    defaults = {
        "slug": f"infrastructure-{n}",
        "name_en": f"Infrastructure {n}",
        "kind": Infrastructure.Kind.LAB,
        "publication_state": Infrastructure.PublicationState.PUBLISHED,
    }
    if "owner" not in fields:
        defaults["owner"] = organisation(region=fields.get("region") or region())
    if "region" not in fields:
        defaults["region"] = (fields.get("owner") or defaults["owner"]).region
    entry = Infrastructure.objects.create(**(defaults | fields))
    if themes:
        entry.themes.set(themes)
    refresh_search_index([entry.pk])
    return entry


def programme(**fields):
    n = next(_sequence)
    defaults = {"slug": f"programme-{n}", "name_en": f"Programme {n}", "kind": FundingProgramme.Kind.ERDF}
    return FundingProgramme.objects.create(**(defaults | fields))


def access_request(infrastructure=None, regions=(), **fields):
    """A request as stored, routed to the infrastructure's region (or `regions`); written directly,
    so that it may concern a draft (a request sent before the entry was unpublished)."""
    from access.models import AccessRequest, AccessRequestEvent

    defaults = {
        "company_name": "Acme", "company_size": "small", "contact_name": "An",
        "contact_email": "an@example.com", "need": "Optical measurements", "consent": True,
    }  # fmt: skip
    request = AccessRequest.objects.create(infrastructure=infrastructure, **{**defaults, **fields})
    request.regions.set(regions or [infrastructure.region])
    AccessRequestEvent.objects.create(access_request=request, status=request.status)
    return request
