"""What else changed when a row changed. An entry shows its equipment, terms, funding, owner,
operators, themes and region: when one of those changes, so does the entry's representation (a new
version for ETags and edit conflicts, the search index rebuilt). Other records show a related row by
its slug (a cluster its members and themes, a funding row its entry, owner and programme): when that
slug changes, their `updated_at` moves, so that harvesters (`updated_since`) fetch them again. Only
the time: their content and history are unchanged, hence queryset updates."""

from django.db.models import F, Q
from django.utils import timezone

from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    PriorityAxis,
    Theme,
)
from infrastructures.search import index_after_commit
from regions.models import Region
from rii_catalogue import writes


def entries(entry_ids, user):
    """The entries' representation changed: new version, who and when, the index rebuilt."""
    entry_ids = set(entry_ids)
    Infrastructure.objects.filter(pk__in=entry_ids).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=writes.user_or_none(user)
    )
    index_after_commit(entry_ids)


def entry(entry_id, user):
    entries([entry_id], user)


def rows_of(entry):
    """An entry published, or renamed: its equipment and funding rows (own endpoints, named by its
    slug) appear or change for harvesters too."""
    now = timezone.now()
    Equipment.objects.filter(infrastructure=entry).update(updated_at=now)
    FundingRecord.objects.filter(infrastructure=entry).update(updated_at=now)


def slug_holders(obj):
    """The records that show `obj` by its slug, or hold it (a programme its axes)."""
    now = timezone.now()
    if isinstance(obj, Organisation):
        Cluster.objects.filter(members=obj).update(updated_at=now)
        Organisation.objects.filter(parent=obj).update(updated_at=now)
        records = Q(organisation=obj) | Q(infrastructure__owner=obj)
        FundingRecord.objects.filter(records).update(updated_at=now)
    elif isinstance(obj, Theme):
        Cluster.objects.filter(themes=obj).update(updated_at=now)
        FundingRecord.objects.filter(infrastructure__themes=obj).update(updated_at=now)
    elif isinstance(obj, Region):
        for model in (Organisation, Cluster, FundingProgramme):
            model.objects.filter(region=obj).update(updated_at=now)
        records = Q(infrastructure__region=obj) | Q(organisation__region=obj)
        FundingRecord.objects.filter(records).update(updated_at=now)
    elif isinstance(obj, FundingProgramme):
        FundingRecord.objects.filter(programme=obj).update(updated_at=now)
    elif isinstance(obj, PriorityAxis):
        FundingProgramme.objects.filter(pk=obj.programme_id).update(updated_at=now)
        FundingRecord.objects.filter(priority_axis=obj).update(updated_at=now)


def funded_entries(obj):
    """The entries whose funding list shows a programme or an axis."""
    field = "priority_axis" if isinstance(obj, PriorityAxis) else "programme"
    return FundingRecord.objects.filter(**{field: obj}, infrastructure__isnull=False).values_list(
        "infrastructure_id", flat=True
    )
