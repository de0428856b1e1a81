"""Data quality of a curator's entries: what is missing, what is stale, what looks duplicated.

The database does the work, one page at a time, in three queries whatever the number of entries:
the count of each problem, one page of entries with at least one problem, and the duplicates of
that page's entries. Nothing loads every entry into Python.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat, Lower, Replace, RowNumber
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.models import AccessCondition

STALE_AFTER = timedelta(days=365)
PER_PAGE = 50
# A name shared by hundreds of entries must not list hundreds of links on each row.
DUPLICATES_SHOWN = 10

PROBLEMS = {
    "no_contact": _("No contact e-mail or phone"),
    "no_coordinates": _("No coordinates"),
    "no_access_conditions": _("No access conditions"),
    "no_dutch": _("No Dutch name or summary"),
    "not_reviewed": _("Not verified for 12 months"),
    "duplicate": _("Likely duplicate"),
}

# What two names of one owner may differ by and still name the same entry: letter case, white
# space (repeated or not: all of it goes) and the punctuation names carry, typographic apostrophe
# and en dash included. "Stale  Lab." and "stale lab" are both "stalelab". Each character is one
# nested REPLACE(), and SQLite's parser gives up at about 18 of them in the deepest query here.
IGNORED_IN_NAMES = " .,-_'\"()/&:\u2019\u2013"

# Near-duplicates ("Photonics lab" / "Photonic lab") are not caught, on purpose. pg_trgm could
# compare names by similarity on PostgreSQL, but without a trigram index on the names that compares
# every pair of an owner's entries: 12.5 million similarity() calls for an owner of 5,000 entries,
# 50 s measured. The normalised match below is
# one hashed pass over the entries, on SQLite and PostgreSQL alike.


def normalised_name(name="name_en"):
    """The name as the duplicate rule compares it, as a database expression (Lower is ASCII-only
    on SQLite: "É" and "é" differ there)."""
    expression = Lower(name)
    for character in IGNORED_IN_NAMES:
        expression = Replace(expression, Value(character))
    return expression


def _owner_and_name():
    """One value for the pair (owner, normalised name): "12:stalelab"."""
    return Concat(Cast("owner_id", CharField()), Value(":"), normalised_name(), output_field=CharField())


def problem_rules(queryset, today=None):
    """Each problem as a boolean database expression on the entries of `queryset`, in PROBLEMS order."""
    stale_before = (today or timezone.localdate()) - STALE_AFTER
    # Another entry of `queryset` has the same owner and normalised name. The keys shared by two
    # entries or more are computed once (an uncorrelated subquery the database hashes), rather
    # than an Exists per entry that normalises every name of the owner again: that is quadratic,
    # 36 s on PostgreSQL and 100 s on SQLite measured for an owner of 5,000 entries.
    shared = (
        queryset.order_by()
        .annotate(quality_name=normalised_name(), quality_key=_owner_and_name())
        .filter(quality_name__gt="")  # neither null nor empty: nameless entries are no duplicates
        .values("quality_key")
        .annotate(entries=Count("pk"))
        .filter(entries__gt=1)
        .values("quality_key")
    )
    rules = {
        "no_contact": Q(contact_email="", contact_phone=""),
        "no_coordinates": Q(latitude__isnull=True) | Q(longitude__isnull=True),
        "no_access_conditions": ~Exists(AccessCondition.objects.filter(infrastructure=OuterRef("pk"))),
        "no_dutch": Q(name_nl__isnull=True) | Q(name_nl="") | Q(summary_nl__isnull=True) | Q(summary_nl=""),
        "not_reviewed": Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=stale_before),
        # COALESCE keeps PostgreSQL from turning the IN into a semi-join when it is the only
        # filter: with an estimate of one row (a table just loaded, not analysed yet) that join
        # becomes a nested loop grouping the whole subquery again per entry, seconds for 5,000.
        # As an expression it stays one subquery, hashed once. SQLite runs it once either way.
        "duplicate": Coalesce(In(_owner_and_name(), shared), Value(False)),
    }
    return {key: ExpressionWrapper(rule, output_field=BooleanField()) for key, rule in rules.items()}


@dataclass
class QualityRow:
    entry: object
    problems: list = field(default_factory=list)  # keys of PROBLEMS, in its order
    duplicates: list = field(default_factory=list)  # at most DUPLICATES_SHOWN, by name
    duplicate_count: int = 0  # all of them

    @property
    def labelled_problems(self):
        return [(key, PROBLEMS[key]) for key in self.problems]

    @property
    def more_duplicates(self):
        return self.duplicate_count - len(self.duplicates)


@dataclass
class QualityReport:
    page: Page  # of QualityRow
    counts: dict  # problem key -> number of entries with it
    problem: str | None  # the problem the rows are limited to, if any

    @property
    def summary(self):
        """(key, label, count) of each problem, in PROBLEMS order."""
        return [(key, label, self.counts[key]) for key, label in PROBLEMS.items()]


def quality_page(queryset, *, problem=None, page_number=1, today=None, per_page=PER_PAGE):
    """One page of the entries of `queryset` with at least one problem (or with `problem`), in
    name order, and the count of each problem over all of them."""
    problem = problem if problem in PROBLEMS else None
    rules = problem_rules(queryset, today)
    wanted = rules[problem] if problem else reduce(or_, (Q(rule) for rule in rules.values()))

    counts = queryset.order_by().aggregate(
        quality_listed=Count("pk", filter=wanted),
        **{f"quality_{key}": Count("pk", filter=Q(rule)) for key, rule in rules.items()},
    )
    rows = (
        queryset.select_related("owner", "region")
        .annotate(**{f"quality_{key}": rule for key, rule in rules.items()})
        .annotate(quality_key=_owner_and_name())
        .filter(wanted)
        .order_by("name_en", "pk")
    )
    paginator = Paginator(rows, per_page)
    paginator.count = counts["quality_listed"]  # known already: spares Paginator a COUNT(*) query
    page = paginator.get_page(page_number)
    entries = list(page.object_list)
    duplicates = _duplicates(queryset, {entry.quality_key for entry in entries if entry.quality_duplicate})
    quality_rows = []
    for entry in entries:
        others = [other for other in duplicates.get(entry.quality_key, []) if other.pk != entry.pk]
        shared_by = others[0].quality_sharing if others else 1
        quality_rows.append(
            QualityRow(
                entry=entry,
                problems=[key for key in PROBLEMS if getattr(entry, f"quality_{key}")],
                duplicates=others[:DUPLICATES_SHOWN],
                duplicate_count=shared_by - 1,
            )
        )
    return QualityReport(
        page=Page(quality_rows, page.number, paginator),
        counts={key: counts[f"quality_{key}"] for key in PROBLEMS},
        problem=problem,
    )


def _duplicates(queryset, keys):
    """The first DUPLICATES_SHOWN + 1 entries of `queryset` by name for each (owner, normalised
    name) key, each with the number of entries sharing its key; one query for a whole page."""
    if not keys:
        return {}
    key = _owner_and_name()
    partition = {"partition_by": [key]}
    others = (
        queryset.order_by()
        .annotate(
            quality_key=key,
            quality_place=Window(RowNumber(), order_by=[F("name_en").asc(), F("pk").asc()], **partition),
            quality_sharing=Window(Count("pk"), **partition),
        )
        .filter(quality_key__in=keys, quality_place__lte=DUPLICATES_SHOWN + 1)
        .order_by("name_en", "pk")
    )
    found = {}
    for other in others:
        found.setdefault(other.quality_key, []).append(other)
    return found
