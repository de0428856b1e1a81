"""The synthetic catalogue for benchmarks (`manage.py generate_catalogue`): what it makes, that a seed
makes the same rows again, that the public finds its published entries and only those, and that it
never writes over an earlier run unless told to."""

import io
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from access.models import AccessCondition, PriceIndication
from infrastructures import geo
from infrastructures.generation.nuts import NUTS2_REGIONS
from infrastructures.models import Equipment, FundingRecord, Infrastructure, Organisation, Theme
from regions.models import Region, nuts_code_validator
from tests import factories

pytestmark = pytest.mark.django_db

COUNT = 50
State = Infrastructure.PublicationState


def generate(count=COUNT, seed=7, **options):
    out = io.StringIO()
    call_command("generate_catalogue", count=count, seed=seed, stdout=out, **options)
    return out.getvalue()


def generated():
    return Infrastructure.objects.filter(slug__startswith="gen-")


def snapshot():
    """What a seed decides: slugs, names, states, places, owners, themes, equipment (not the ids the
    database gives)."""
    entries = generated().order_by("slug").values_list(
        "slug", "name_en", "name_nl", "summary_nl", "publication_state", "latitude", "longitude",
        "region__nuts_code", "owner__slug", "trl_min", "trl_max",
    )  # fmt: skip
    themes = Infrastructure.themes.through.objects.filter(infrastructure__in=generated()).values_list(
        "infrastructure__slug", "theme__slug"
    )
    equipment = Equipment.objects.filter(infrastructure__in=generated()).values_list(
        "infrastructure__slug", "name_en", "manufacturer", "model_number", "identifier"
    )
    return list(entries), sorted(themes), sorted(equipment)


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_makes_the_published_count_and_a_tenth_more_unpublished():
    output = generate()

    states = Counter(generated().values_list("publication_state", flat=True))
    assert states.pop(State.PUBLISHED) == COUNT
    assert sum(states.values()) == COUNT // 10
    assert set(states) <= {State.DRAFT, State.IN_REVIEW, State.ARCHIVED}
    assert f"Entries: {COUNT} published" in output
    assert "Search index:" in output


def test_entries_come_with_owners_regions_themes_equipment_terms_and_funding():
    generate()
    entries = generated()
    total = entries.count()

    # About one owner per 20 entries, each a generated organisation.
    assert Organisation.objects.filter(slug__startswith="gen-").count() == 3
    assert not entries.exclude(owner__slug__startswith="gen-").exists()
    # Real NUTS-2 regions, all over Europe.
    codes = set(entries.values_list("region__nuts_code", flat=True))
    assert all(len(code) == 4 for code in codes) and len(codes) >= 5
    for code in codes:
        nuts_code_validator(code)
    assert len({code[:2] for code in codes}) >= 4
    # Both languages, and the points inside the region's country.
    assert not entries.filter(name_nl="").exists()
    assert not entries.exclude(latitude__isnull=True).exclude(geo.plausible()).exists()
    assert entries.filter(latitude__isnull=False).count() >= total * 0.9
    # Themes on every entry, 0 to 6 instruments each (about 3), access terms and some funding.
    assert not entries.filter(themes__isnull=True).exists()
    per_entry = list(entries.annotate(n=Count("equipment")).values_list("n", flat=True))
    assert max(per_entry) <= 6 and 2 <= sum(per_entry) / total <= 4
    assert not Equipment.objects.filter(infrastructure__in=entries, manufacturer="").exists()
    assert AccessCondition.objects.filter(infrastructure__in=entries).count() >= total
    assert AccessCondition.objects.filter(infrastructure__in=entries, business_models__isnull=False).exists()
    assert PriceIndication.objects.filter(access_condition__infrastructure__in=entries).exists()
    funded = entries.filter(funding_records__isnull=False).distinct().count()
    assert total / 6 < funded < total / 2


def test_the_same_seed_makes_the_same_rows_and_another_seed_others():
    generate(seed=7)
    first = snapshot()

    generate(seed=7, replace=True)
    assert snapshot() == first

    generate(seed=8, replace=True)
    assert snapshot() != first


def test_the_batch_size_changes_nothing_but_memory():
    generate()
    whole = snapshot()

    generate(replace=True, batch_size=7)
    assert snapshot() == whole


def test_a_generated_published_entry_is_found_by_the_public_search_and_has_its_page(client):
    generate()
    entry = generated().filter(publication_state=State.PUBLISHED).order_by("slug").first()

    found = client.get("/search/", {"q": entry.name_en})
    assert f'href="/infrastructures/{entry.slug}/"' in found.content.decode()
    page = client.get(f"/infrastructures/{entry.slug}/")
    assert page.status_code == 200
    assert entry.name_en in page_text(page)


def test_a_generated_unpublished_entry_stays_off_the_public_search(client):
    generate()
    draft = generated().exclude(publication_state=State.PUBLISHED).order_by("slug").first()

    found = client.get("/search/", {"q": draft.name_en})
    assert found.status_code == 200
    assert f"/infrastructures/{draft.slug}/" not in found.content.decode()
    assert client.get(f"/infrastructures/{draft.slug}/").status_code == 404


def test_a_second_run_without_replace_is_refused_and_saves_nothing():
    generate()
    before = [
        model.objects.count() for model in (Infrastructure, Organisation, Equipment, FundingRecord, Region)
    ]

    with pytest.raises(CommandError, match="--replace"):
        generate(seed=8)
    assert [
        model.objects.count() for model in (Infrastructure, Organisation, Equipment, FundingRecord, Region)
    ] == (before)


def test_replace_leaves_the_seed_alone_and_reuses_its_themes_and_regions(seed):
    antwerp = factories.region(slug="antwerp", name_en="Antwerp", nuts_code="BE21")
    seed_entries = set(Infrastructure.objects.values_list("slug", flat=True))
    themes = Theme.objects.count()

    generate()
    generate(replace=True)

    assert set(Infrastructure.objects.exclude(slug__startswith="gen-").values_list("slug", flat=True)) == (
        seed_entries
    )
    assert Theme.objects.count() == themes  # the seed's themes, none added
    assert Region.objects.filter(nuts_code="BE21").get() == antwerp
    assert generated().count() == COUNT + COUNT // 10


def test_replace_refuses_while_a_company_request_refers_to_a_generated_entry():
    generate()
    entry = generated().filter(publication_state=State.PUBLISHED).first()
    factories.access_request(infrastructure=entry)

    with pytest.raises(CommandError, match="access requests"):
        generate(replace=True)
    assert generated().count() == COUNT + COUNT // 10


def test_rows_go_in_batches_not_one_query_per_entry():
    generate()  # the regions, themes and programmes exist from here on

    def queries(count):
        with CaptureQueriesContext(connection) as context:
            generate(count=count, replace=True)
        return len(context.captured_queries)

    small, large = queries(20), queries(80)
    # 66 more entries with about 200 instruments, 80 conditions and their links: a handful of
    # INSERT statements more (SQLite takes at most 999 values in one), never one per row.
    assert large - small <= 12


@pytest.mark.parametrize("options", [{"count": 0}, {"unpublished_share": -1}])
def test_bad_options_are_refused_clearly(options):
    with pytest.raises(CommandError):
        call_command("generate_catalogue", **({"count": COUNT} | options), stdout=io.StringIO())
    assert not generated().exists()


def test_the_regions_are_real_nuts_2_regions_with_their_centroid_in_their_country():
    codes = [region.code for region in NUTS2_REGIONS]
    assert len(codes) == len(set(codes))
    for region in NUTS2_REGIONS:
        nuts_code_validator(region.code)
        assert geo.placement(region.country, region.latitude, region.longitude) == geo.Placement.INSIDE, (
            region
        )
