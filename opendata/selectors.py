"""What the open-data files are built from: the published catalogue and the state it is in."""

import hashlib

from django.db.models import Max

from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    Theme,
    Tombstone,
)
from opendata.models import CatalogueChanges
from regions.models import Region


def published_entries():
    """The entries every open-data file holds: published ones, always."""
    return Infrastructure.objects.published()


def catalogue_state():
    """(the last change of the published catalogue, a fingerprint of its state).

    A file built from another fingerprint is stale. The fingerprint changes with every committed
    change the services report (`CatalogueChanges`, counted after each commit: a transaction that
    commits after a newer one counts too), and with the data itself: every save of a public record
    (each sets its `updated_at`), publication or withdrawal (the entry's `updated_at`, a tombstone)
    and deletion (a tombstone), so rows written around the services (a restore) count as well.
    """
    changes = CatalogueChanges.objects.filter(pk=1).values_list("count", "last_at").first() or (0, None)
    published = published_entries()
    latest = [
        published.aggregate(at=Max("updated_at"))["at"],
        Tombstone.objects.aggregate(at=Max("at"))["at"],
        *(
            model.objects.aggregate(at=Max("updated_at"))["at"]
            for model in (Organisation, Region, Theme, FundingProgramme, Cluster)
        ),
        Equipment.objects.published().aggregate(at=Max("updated_at"))["at"],
        FundingRecord.objects.aggregate(at=Max("updated_at"))["at"],
        changes[1],
    ]
    modified = max((at for at in latest if at is not None), default=None)
    counts = (changes[0], published.count(), Tombstone.objects.count())
    fingerprint = hashlib.sha256(repr((latest, counts)).encode()).hexdigest()
    return modified, fingerprint


def published_counts():
    """What the downloads hold, for the open-data page: entries and their equipment (published only),
    and the records the API lists to anyone (organisations have no draft state)."""
    return {
        "infrastructures": published_entries().count(),
        "equipment": Equipment.objects.published().count(),
        "organisations": Organisation.objects.count(),
        "regions": Region.objects.count(),
        "themes": Theme.objects.count(),
        "funding_programmes": FundingProgramme.objects.count(),
        "clusters": Cluster.objects.count(),
    }
