"""Facet counts for the search page: for each facet, how many entries each value would leave.

Each facet is counted on the results of every *other* filter, so ticking a second theme shows how
many entries it adds (OR within a facet), while region or kind choices narrow it (AND across facets).
One query per facet, whatever the number of entries.

Each count groups with `values(...).annotate(...)`, and GROUP BY takes in every ORDER BY column:
a model's default ordering (the entry's name, which django-modeltranslation makes an explicit
ORDER BY) would split a group per name ("Lab 1" four times). So every counter clears the ordering
(`order_by()`) before `values()`, or orders by a column it groups by anyway.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import router
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from access.models import AccessCondition
from infrastructures.filtersets import TRL_CHOICES
from infrastructures.models import Infrastructure
from rii_catalogue import catalogue_version
from rii_catalogue.time_limits import TimeLimitExceeded, time_limit

MAX_OWNER_OPTIONS = 15
WHOLE_CATALOGUE_COUNTS_SECONDS = 3600  # a safety net: the key changes with every public change


@dataclass
class FacetOption:
    value: str
    label: str
    count: int | None  # None: not counted within the page's time for counting
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)
    multiple: bool = True
    counted: bool = True

    @property
    def has_selection(self):
        return any(option.selected for option in self.options)


def _localised(row, prefix):
    """Pick the current language's column from a values() row, falling back to the other."""
    language = get_language() or "en"
    other = "nl" if language.startswith("en") else "en"
    primary = "en" if language.startswith("en") else "nl"
    return row.get(f"{prefix}_{primary}") or row.get(f"{prefix}_{other}") or ""


def _counted(rows, value_key, label):
    return [(row[value_key], label(row), row["n"]) for row in rows if row[value_key] is not None]


def _in_choice_order(counted, choices):
    order = {value: position for position, (value, _label) in enumerate(choices)}
    return sorted(counted, key=lambda option: order.get(option[0], len(order)))


def _count_regions(queryset):
    rows = (
        queryset.order_by()
        .values("region__slug", "region__name_en", "region__name_nl")
        .annotate(n=Count("pk"))
    )
    counted = _counted(rows, "region__slug", lambda row: _localised(row, "region__name"))
    return sorted(counted, key=lambda option: option[1].casefold())  # by name in the reader's language


def _count_themes(queryset):
    rows = (
        Infrastructure.themes.through.objects.filter(infrastructure__in=queryset.values("pk"))
        .values("theme__slug", "theme__name_en", "theme__name_nl", "theme__position")
        .annotate(n=Count("infrastructure"))  # one link per entry and theme: no DISTINCT needed
        .order_by("theme__position")
    )
    return _counted(rows, "theme__slug", lambda row: _localised(row, "theme__name"))


def _count_kinds(queryset):
    labels = dict(Infrastructure.Kind.choices)
    rows = queryset.order_by().values("kind").annotate(n=Count("pk"))
    counted = _counted(rows, "kind", lambda row: labels.get(row["kind"], row["kind"]))
    return _in_choice_order(counted, Infrastructure.Kind.choices)


def _count_access_modes(queryset):
    labels = dict(AccessCondition.AccessMode.choices)
    rows = (
        AccessCondition.objects.filter(infrastructure__in=queryset.values("pk"))
        .exclude(access_mode="")
        .order_by()
        .values("access_mode")
        .annotate(n=Count("infrastructure", distinct=True))
    )
    counted = _counted(rows, "access_mode", lambda row: labels[row["access_mode"]])
    return _in_choice_order(counted, AccessCondition.AccessMode.choices)


def _count_business_models(queryset):
    rows = (
        AccessCondition.business_models.through.objects.filter(
            accesscondition__infrastructure__in=queryset.values("pk")
        )
        .values(
            "businessmodel__code",
            "businessmodel__name_en",
            "businessmodel__name_nl",
            "businessmodel__position",
        )
        .annotate(n=Count("accesscondition__infrastructure", distinct=True))
        .order_by("businessmodel__position")
    )
    return _counted(rows, "businessmodel__code", lambda row: _localised(row, "businessmodel__name"))


def _count_owners(queryset):
    rows = (
        queryset.values("owner__slug", "owner__name_en", "owner__name_nl")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner__name_en")[:MAX_OWNER_OPTIONS]
    )
    return _counted(rows, "owner__slug", lambda row: _localised(row, "owner__name"))


def _count_trl(queryset):
    counts = queryset.aggregate(
        **{
            f"trl{level}": Count("pk", filter=Q(trl_min__lte=level, trl_max__gte=level))
            for level, _label in TRL_CHOICES
        }
    )
    return [(str(level), label, counts[f"trl{level}"]) for level, label in TRL_CHOICES]


def _count_sme(queryset):
    return [("true", _("Open to SMEs"), queryset.open_to_smes().count())]


COUNTERS = {
    "region": _count_regions,
    "theme": _count_themes,
    "kind": _count_kinds,
    "access_mode": _count_access_modes,
    "business_model": _count_business_models,
    "owner": _count_owners,
    "trl": _count_trl,
    "sme": _count_sme,
}


def _selected(filterset, name):
    """The facet's chosen values, value -> label (a value that matches nothing still shows)."""
    value = filterset.form.cleaned_data.get(name)
    if value in (None, "", False):
        return {}
    if value is True:
        return {"true": _("Open to SMEs")}
    if isinstance(value, int):
        return {str(value): str(value)}
    # Label model values from the objects themselves: a field's choices would read the whole table.
    choices = dict(filterset.filters[name].extra.get("choices", ()))
    return {
        str(getattr(item, "slug", None) or getattr(item, "pk", item)): str(choices.get(item, item))
        for item in value
    }


def _whole_catalogue_counts(queryset):
    """Every facet's counts over the whole published catalogue, kept until it changes: the search
    page without filters (the one most visitors open) and the facet of a single filter are counted
    on every entry, which at 100,000 entries takes longer than the rest of the page."""
    return catalogue_version.kept(
        f"facet-counts-{get_language()}",
        lambda: {name: COUNTERS[name](queryset.order_by()) for name in COUNTERS},
        WHOLE_CATALOGUE_COUNTS_SECONDS,
    )


def _live_counts(filterset, names, seconds):
    """{facet: counted options} for the facets whose counts depend on the filters, counted one after
    the other within `seconds` in all (a query running past them is stopped); those not counted in
    time are left out."""
    counts = {}
    if not names:
        return counts
    deadline = time.monotonic() + seconds
    # Where the counts are read: the replica for an anonymous visitor, as the results are.
    database = router.db_for_read(Infrastructure)
    try:
        with time_limit(seconds, using=database):
            for name in names:
                if time.monotonic() > deadline:
                    break
                counts[name] = COUNTERS[name](filterset.filter_without(name).order_by())
    except TimeLimitExceeded:
        pass
    return counts


def facet_counts(filterset, seconds=None):
    """The facets of a valid filterset, each with its options and live counts.

    Counting shares a time box, as Datasette's facets do: a text that matches a third of 100,000
    entries takes seconds to count eight ways. A facet not counted in time lists the whole
    catalogue's values (kept counts) without numbers, so that it still narrows the search."""
    live = [name for name in filterset.FACETS if filterset.is_filtered_without(name)]
    seconds = settings.FACET_COUNTING_SECONDS if seconds is None else seconds
    counted_live = _live_counts(filterset, live, seconds)
    whole_catalogue = None
    if len(counted_live) < len(filterset.FACETS):
        whole_catalogue = _whole_catalogue_counts(filterset.queryset)
    facets = []
    for name in filterset.FACETS:
        selected = _selected(filterset, name)
        if name in counted_live:
            counted = counted_live[name]
        elif name in live:  # not counted in time
            counted = [(value, label, None) for value, label, _count in whole_catalogue[name]]
        else:
            counted = whole_catalogue[name]
        options = [
            FacetOption(str(value), label, count, str(value) in selected)
            for value, label, count in counted
            if count or count is None or str(value) in selected
        ]
        listed = {option.value for option in options}
        options += [
            FacetOption(value, label, 0, selected=True)
            for value, label in selected.items()
            if value not in listed
        ]
        facets.append(
            Facet(
                name,
                filterset.filters[name].label,
                options,
                multiple=name not in {"trl", "sme"},
                counted=name in counted_live or name not in live,
            )
        )
    return facets


def count_by(queryset, name):
    """Counts of one facet over a queryset, e.g. a region's entries by theme (region profile)."""
    rows = COUNTERS[name](queryset)
    return [FacetOption(str(value), label, count) for value, label, count in rows if count]
