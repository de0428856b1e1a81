"""Data quality of a curator's entries: what is missing, what is stale, what looks duplicated."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from difflib import SequenceMatcher

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.models import AccessCondition

STALE_AFTER = timedelta(days=365)
DUPLICATE_SIMILARITY = 0.9

PROBLEMS = {
    "no_contact": _("No contact e-mail or phone"),
    "no_coordinates": _("No coordinates"),
    "no_access_conditions": _("No access conditions"),
    "no_dutch": _("No Dutch name or summary"),
    "not_reviewed": _("Not verified for 12 months"),
    "duplicate": _("Likely duplicate"),
}


@dataclass
class QualityRow:
    entry: object
    problems: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)


def _normalised(name):
    return re.sub(r"[^a-z0-9]+", " ", (name or "").lower()).strip()


def likely_duplicates(entries):
    """Pairs of entries of the same owner whose names are (nearly) the same."""
    by_owner = defaultdict(list)
    for entry in entries:
        by_owner[entry.owner_id].append(entry)
    pairs = []
    for siblings in by_owner.values():
        for index, first in enumerate(siblings):
            for second in siblings[index + 1 :]:
                ratio = SequenceMatcher(None, _normalised(first.name_en), _normalised(second.name_en)).ratio()
                if ratio >= DUPLICATE_SIMILARITY:
                    pairs.append((first, second))
    return pairs


def quality_report(queryset, today=None):
    """One row per entry with at least one problem, in name order; and the count per problem."""
    stale_before = (today or timezone.localdate()) - STALE_AFTER
    entries = list(
        queryset.select_related("owner", "region")
        .annotate(has_access=Exists(AccessCondition.objects.filter(infrastructure=OuterRef("pk"))))
        .annotate(
            is_stale=Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=stale_before),
        )
        .order_by("name_en", "pk")
    )
    duplicates = defaultdict(list)
    for first, second in likely_duplicates(entries):
        duplicates[first.pk].append(second)
        duplicates[second.pk].append(first)
    rows, counts = [], dict.fromkeys(PROBLEMS, 0)
    for entry in entries:
        checks = {
            "no_contact": not (entry.contact_email or entry.contact_phone),
            "no_coordinates": not entry.has_coordinates,
            "no_access_conditions": not entry.has_access,
            "no_dutch": not (entry.name_nl and entry.summary_nl),
            "not_reviewed": entry.is_stale,
            "duplicate": bool(duplicates.get(entry.pk)),
        }
        problems = [name for name, failed in checks.items() if failed]
        for name in problems:
            counts[name] += 1
        if problems:
            rows.append(QualityRow(entry, problems, duplicates.get(entry.pk, [])))
    return rows, counts
