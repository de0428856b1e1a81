"""The figures of the reports, read once here and shared by the pages, the downloads and the API, so
that every format shows the same rows and the same totals.

Amounts are summed in Python as Decimals: exact to the cent on every database (SQLite would sum
decimals as floating-point numbers).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db.models import Count, Exists, OuterRef, Q

from access.indicators import access_counts
from access.models import AccessRequest, AccessRequestEvent
from infrastructures.models import FundingProgramme, FundingRecord, Infrastructure, Theme
from regions.models import Region
from reports.filtersets import FundingRecordFilterSet

LIST_SEPARATOR = "; "
ZERO = Decimal("0.00")


def funding_filterset(user, data):
    """The report's filters over the funding this user may see (see FundingRecord.visible_to)."""
    return FundingRecordFilterSet(data, queryset=FundingRecord.objects.visible_to(user))


def report_rows(queryset, chunk_size=500):
    """The rows of the funded list in report order, read in chunks (memory stays flat). The themes
    of each chunk's entries are read into a plain dict: a prefetch would tie every entry to its
    themes' queryset in a reference cycle, freed only when the garbage collector runs, so memory
    would grow with the list."""
    records = queryset.for_report().prefetch_related(None).in_report_order()
    rows = records.iterator(chunk_size=chunk_size)
    while chunk := list(islice(rows, chunk_size)):
        themes = _themes_of({record.infrastructure_id for record in chunk} - {None})
        for record in chunk:
            yield report_row(record, themes.get(record.infrastructure_id, []))


def _themes_of(entry_ids):
    """{entry id: [its themes, in the themes' order]}."""
    tagged = (
        Infrastructure.themes.through.objects.filter(infrastructure__in=entry_ids)
        .select_related("theme")
        .order_by(*(f"theme__{name}" for name in Theme._meta.ordering))
    )
    themes = defaultdict(list)
    for tag in tagged:
        themes[tag.infrastructure_id].append(tag.theme)
    return themes


PAGE_ONLY = ("recipient_url", "theme_names")


def report_row(record, themes=None):
    """One funding record as every format writes it: slugs and codes for machines, names for
    people, amounts as Decimals (None when unknown); PAGE_ONLY keys are for the HTML page. The
    entry's themes come prefetched, or as `themes`."""
    entry, organisation = record.infrastructure, record.organisation
    recipient = entry or organisation
    owner = entry.owner if entry else organisation
    region = recipient.region
    axis = record.priority_axis
    if themes is None:
        themes = entry.themes.all() if entry else []
    return {
        "recipient_type": "infrastructure" if entry else "organisation",
        "recipient": recipient.slug,
        "recipient_name": recipient.name,
        "publication_state": entry.publication_state if entry else "",
        "programme": record.programme.slug,
        "programme_name": record.programme.name,
        "priority_axis": axis.code if axis else "",
        "priority_axis_name": axis.name if axis else "",
        "project": record.project,
        "start_year": record.start_year,
        "end_year": record.end_year,
        "eu_amount": record.eu_amount,
        "amount": record.amount,
        "operating_grant": record.operating_grant,
        "owner": owner.slug,
        "owner_name": owner.name,
        "region": region.slug,
        "region_name": region.name,
        "nuts_code": region.nuts_code,
        "themes": LIST_SEPARATOR.join(theme.slug for theme in themes),
        "note": record.note,
        # For the page only:
        "recipient_url": recipient.get_absolute_url(),
        "theme_names": ", ".join(theme.name for theme in themes),
    }


@dataclass
class AmountSum:
    """Records counted and amounts summed; records without an amount counted apart (their money is
    not in the sum, and the reader must know it)."""

    records: int = 0
    amount: Decimal = ZERO
    eu_amount: Decimal = ZERO
    without_amount: int = 0
    without_eu_amount: int = 0

    def add(self, amount, eu_amount):
        self.records += 1
        if amount is None:
            self.without_amount += 1
        else:
            self.amount += amount
        if eu_amount is None:
            self.without_eu_amount += 1
        else:
            self.eu_amount += eu_amount

    def as_dict(self):
        return {
            "records": self.records,
            "amount": self.amount,
            "eu_amount": self.eu_amount,
            "records_without_amount": self.without_amount,
            "records_without_eu_amount": self.without_eu_amount,
        }


@dataclass
class Totals:
    """Totals per programme and overall, added up row by row (a download adds the rows it writes)."""

    overall: AmountSum = field(default_factory=AmountSum)
    by_programme: dict = field(default_factory=dict)  # slug -> (name, AmountSum), in the rows' order

    def add(self, row):
        programme = self.by_programme.setdefault(row["programme"], (row["programme_name"], AmountSum()))
        programme[1].add(row["amount"], row["eu_amount"])
        self.overall.add(row["amount"], row["eu_amount"])

    def as_dict(self):
        return {
            "programmes": [
                {"programme": slug, "programme_name": name, **sums.as_dict()}
                for slug, (name, sums) in self.by_programme.items()
            ],
            "overall": self.overall.as_dict(),
        }


def funding_totals(queryset):
    """The totals of a filtered queryset without building its rows (two queries)."""
    totals = Totals()
    values = queryset.in_report_order().values_list("programme_id", "amount", "eu_amount")
    names = {programme.pk: programme for programme in FundingProgramme.objects.all()}
    for programme_id, amount, eu_amount in values.iterator(chunk_size=5000):
        programme = names[programme_id]
        totals.add(
            {"programme": programme.slug, "programme_name": programme.name, "amount": amount,
             "eu_amount": eu_amount}
        )  # fmt: skip
    return totals


def programmes_with_funding(user):
    """The programmes that funded something this user may see, with their priority axes."""
    funded = FundingRecord.objects.visible_to(user).filter(programme=OuterRef("pk"))
    return FundingProgramme.objects.filter(Exists(funded)).prefetch_related("priority_axes").order_by("name")


# Funding per organisation per year


@dataclass
class YearOfFunding:
    year: int
    recurrent: Decimal = ZERO
    one_off: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def operating_grant(self):
        return self.recurrent + self.one_off

    @property
    def total(self):
        return self.operating_grant + self.other


def funding_by_year(records):
    """An organisation's own funding records (with their programmes) per year, the operating grant's
    recurrent and one-off parts apart. A record over several years (whose split is not known) and a
    record without a year or an amount are listed apart. Returns (years, unsplit_records)."""
    years, unsplit = {}, []
    for record in sorted(records, key=lambda record: (record.start_year or 0, record.pk)):
        single_year = record.start_year is not None and record.end_year in (None, record.start_year)
        if not single_year or record.amount is None:
            unsplit.append(record)
            continue
        year = years.setdefault(record.start_year, YearOfFunding(record.start_year))
        grant = FundingRecord.OperatingGrant
        part = {grant.RECURRENT: "recurrent", grant.ONE_OFF: "one_off"}.get(record.operating_grant, "other")
        setattr(year, part, getattr(year, part) + record.amount)
    return [years[year] for year in sorted(years)], unsplit


# Region comparison


def _share(part, whole):
    return round(100 * part / whole) if whole else None


def region_comparison(regions, user):
    """Side by side for `regions`: the infrastructures the user may see by theme and by kind, the
    share open to SMEs, funding by programme and by year, access requests and completed accesses."""
    # No ordering: the model's default order would split every GROUP BY below by name.
    entries = Infrastructure.objects.visible_to(user).filter(region__in=regions).order_by()
    counts = dict(entries.values_list("region").annotate(n=Count("pk")).values_list("region", "n"))
    sme_counts = dict(
        entries.open_to_smes().values_list("region").annotate(n=Count("pk")).values_list("region", "n")
    )
    by_kind = _count_by(entries.values_list("region", "kind").annotate(n=Count("pk")))
    themed = Infrastructure.themes.through.objects.filter(infrastructure__in=entries.values("pk"))
    by_theme = _count_by(
        themed.values_list("infrastructure__region", "theme").annotate(n=Count("infrastructure"))
    )
    kinds = dict(Infrastructure.Kind.choices)
    theme_ids = {theme for _region, theme in by_theme}
    themes = {theme.pk: theme for theme in Theme.objects.filter(pk__in=theme_ids)}

    funding = FundingRecord.objects.visible_to(user).filter(
        Q(infrastructure__region__in=regions) | Q(organisation__region__in=regions)
    )
    sums_by_programme, sums_by_year = defaultdict(AmountSum), defaultdict(AmountSum)
    programmes = {programme.pk: programme for programme in FundingProgramme.objects.all()}
    rows = funding.values_list(
        "infrastructure__region", "organisation__region", "programme", "start_year", "amount", "eu_amount"
    )
    for entry_region, organisation_region, programme, year, amount, eu_amount in rows:
        region = entry_region or organisation_region
        sums_by_programme[(region, programme)].add(amount, eu_amount)
        sums_by_year[(region, year)].add(amount, eu_amount)

    access = access_figures(access_events(user, regions), "region")

    def programme_name(pk):
        return programmes[pk].name

    return {
        "regions": regions,
        "entries": [counts.get(region.pk, 0) for region in regions],
        "open_to_smes": [sme_counts.get(region.pk, 0) for region in regions],
        "open_to_smes_share": [
            _share(sme_counts.get(region.pk, 0), counts.get(region.pk, 0)) for region in regions
        ],
        "by_kind": _table(regions, by_kind, lambda kind: kinds[kind]),
        "by_theme": _table(regions, by_theme, lambda pk: themes[pk].name),
        "funding_by_programme": _sum_table(
            regions, sums_by_programme, programme_name, sort_key=programme_name
        ),
        "funding_by_year": _sum_table(
            regions, sums_by_year, lambda year: year, sort_key=lambda year: (year is None, year or 0)
        ),
        "access": [access.get(region.pk, AccessFigures()) for region in regions],
    }


def _count_by(rows):
    """{(region_id, key): n} from (region_id, key, n) rows."""
    return {(region, key): n for region, key, n in rows}


def _table(regions, counts, label):
    """Rows of (label, [count per region]), largest first."""
    keys = {key for _region, key in counts}
    rows = [(label(key), [counts.get((region.pk, key), 0) for region in regions]) for key in keys]
    return sorted(rows, key=lambda row: (-sum(row[1]), str(row[0])))


def _sum_table(regions, sums, label, sort_key):
    keys = sorted({key for _region, key in sums}, key=sort_key)
    return [(label(key), [sums.get((region.pk, key), AmountSum()) for region in regions]) for key in keys]


# SME-access indicators


Size = AccessRequest.CompanySize
SME_SIZES = (Size.MICRO, Size.SMALL, Size.MEDIUM)  # Recommendation 2003/361/EC


def access_events(user, regions=(), year_from=None, year_to=None):
    """Events of requests about entries the user may see and of one-stop requests (no entry), sent
    to any of `regions`, in the years given."""
    entries = Infrastructure.objects.visible_to(user).values("pk")
    events = AccessRequestEvent.objects.filter(
        Q(access_request__infrastructure__isnull=True) | Q(access_request__infrastructure__in=entries)
    )
    if regions:
        routed = AccessRequest.regions.through.objects.filter(
            accessrequest=OuterRef("access_request"), region__in=regions
        )
        events = events.filter(Exists(routed))
    if year_from is not None:
        events = events.filter(created_at__year__gte=year_from)
    if year_to is not None:
        events = events.filter(created_at__year__lte=year_to)
    return events


@dataclass
class AccessFigures:
    """Received requests and completed accesses per size class, for one row of a table."""

    received: dict = field(default_factory=lambda: defaultdict(int))
    completed: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, row):
        self.received[row["company_size"]] += row["received"]
        self.completed[row["company_size"]] += row["completed"]

    @property
    def received_total(self):
        return sum(self.received.values())

    @property
    def completed_total(self):
        return sum(self.completed.values())

    @property
    def completed_by_smes(self):
        return sum(self.completed[size] for size in SME_SIZES)


def access_figures(events, dimension=None, keep=None):
    """{key of `dimension`: AccessFigures}, or one AccessFigures for all events. `keep` limits the
    keys (a one-stop request also counts in the regions it went to that were not asked about)."""
    by = (dimension, "company_size") if dimension else ("company_size",)
    if dimension is None:
        figures = AccessFigures()
        for row in access_counts(events, by=by):
            figures.add(row)
        return figures
    table = defaultdict(AccessFigures)
    for row in access_counts(events, by=by):
        if keep is None or row[dimension] in keep:
            table[row[dimension]].add(row)
    return dict(table)


def sme_access(user, regions=(), year_from=None, year_to=None):
    """The SME-access indicators: overall, per year, per region and per infrastructure, by size
    class. One-stop requests count in each region they went to and under no infrastructure."""
    events = access_events(user, regions, year_from, year_to)
    region_ids = {region.pk for region in regions} or None
    by_region = access_figures(events, "region", keep=region_ids)
    by_infrastructure = access_figures(events, "infrastructure")
    names = {
        entry.pk: entry
        for entry in Infrastructure.objects.filter(pk__in=[pk for pk in by_infrastructure if pk])
    }
    by_region.pop(None, None)  # a request whose only region was deleted since
    region_names = {region.pk: region for region in Region.objects.filter(pk__in=by_region)}
    return {
        "sizes": AccessRequest.CompanySize.choices,
        "overall": access_figures(events),
        "by_year": sorted(access_figures(events, "year").items()),
        "by_region": sorted(
            ((region_names[pk], figures) for pk, figures in by_region.items()), key=lambda row: row[0].name
        ),
        "by_infrastructure": sorted(
            ((names.get(pk), figures) for pk, figures in by_infrastructure.items()),
            key=lambda row: (row[0] is None, row[0].name if row[0] else ""),
        ),
    }
