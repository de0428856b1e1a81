"""The rows generated entries refer to: real NUTS-2 regions, themes, funding programmes, the access
vocabularies. Found by code or slug and created when missing; they are facts, not generated content,
so `--replace` leaves them for the next run. Each returns them in an order that does not depend on
the database (codes, slugs), so that a seed draws the same ones."""

from django.db import models
from django.utils.text import slugify

from access.models import AccessForm, BusinessModel
from access.vocabularies import ensure_vocabularies
from infrastructures.generation import vocabulary as words
from infrastructures.generation.nuts import NUTS2_REGIONS
from infrastructures.models import FundingProgramme, Theme
from regions.models import Region


def regions(counts):
    """{NUTS code: Region}: the region with that code where there is one, else a new one."""
    codes = [nuts.code for nuts in NUTS2_REGIONS]
    existing = {region.nuts_code: region for region in Region.objects.filter(nuts_code__in=codes)}
    taken = set(Region.objects.values_list("slug", flat=True))
    missing = []
    for nuts in NUTS2_REGIONS:
        if nuts.code in existing:
            continue
        slug = slugify(nuts.name_en)
        if slug in taken:
            slug = f"{slug}-{nuts.code.lower()}"
        taken.add(slug)
        missing.append(
            Region(
                slug=slug,
                name_en=nuts.name_en,
                name_nl=nuts.name_nl,
                country=nuts.country,
                nuts_code=nuts.code,
            )
        )
    for region in Region.objects.bulk_create(missing):
        existing[region.nuts_code] = region
    counts["regions"] = len(codes)
    counts["new regions"] = len(missing)
    return {code: existing[code] for code in codes}


def themes(counts):
    """{slug: theme id} of the catalogue's themes, or of real domain themes made when it has none."""
    rows = list(Theme.objects.order_by("slug"))
    if not rows:
        rows = Theme.objects.bulk_create(
            Theme(slug=slug, name_en=name_en, name_nl=name_nl, position=position)
            for position, (slug, name_en, name_nl) in enumerate(words.THEMES, start=1)
        )
        rows.sort(key=lambda theme: theme.slug)  # as they are read on the next run
        counts["new themes"] = len(rows)
    counts["themes"] = len(rows)
    return {theme.slug: theme.pk for theme in rows}


def programmes(regions, counts):
    """({region id: [its programmes]}, [programmes without a region]): each region's ERDF programme
    for 2021-2027 and Horizon Europe, Interreg and the like, besides those the catalogue has. A
    regional programme funds only entries of its own region."""
    wanted = [
        FundingProgramme(
            slug=slugify(name_en), name_en=name_en, name_nl=name_nl, kind=kind, start_year=2021, end_year=2027
        )
        for name_en, name_nl, kind in words.PROGRAMMES
    ]
    for nuts in NUTS2_REGIONS:
        region = regions[nuts.code]
        wanted.append(
            FundingProgramme(
                slug=f"erdf-2021-2027-{nuts.code.lower()}",
                name_en=f"ERDF 2021-2027 {region.name_en}",
                name_nl=f"EFRO 2021-2027 {region.name_nl or region.name_en}",
                kind=FundingProgramme.Kind.ERDF,
                region=region,
                start_year=2021,
                end_year=2027,
            )
        )
    existing = set(
        FundingProgramme.objects.filter(slug__in=[p.slug for p in wanted]).values_list("slug", flat=True)
    )
    created = FundingProgramme.objects.bulk_create([p for p in wanted if p.slug not in existing])
    counts["new funding programmes"] = len(created)
    region_ids = {region.pk for region in regions.values()}
    usable = FundingProgramme.objects.filter(models.Q(region__isnull=True) | models.Q(region__in=region_ids))
    regional, other = {}, []
    for programme in usable.order_by("slug"):
        if programme.region_id:
            regional.setdefault(programme.region_id, []).append(programme)
        else:
            other.append(programme)
    counts["funding programmes"] = len(other) + sum(map(len, regional.values()))
    return regional, other


def access_vocabularies():
    """The codes of the forms of access and of the business models (made by a migration; again after
    a flush)."""
    if not AccessForm.objects.exists() or not BusinessModel.objects.exists():
        ensure_vocabularies(AccessForm, BusinessModel)
    return (
        list(AccessForm.objects.order_by("code").values_list("code", flat=True)),
        list(BusinessModel.objects.order_by("code").values_list("code", flat=True)),
    )
