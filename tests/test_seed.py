"""The seed data loads on both databases and reproduces the seed texts' facts."""

from decimal import Decimal

import pytest

from infrastructures.models import Cluster, FundingRecord, Infrastructure, Organisation, Theme
from regions.models import Region

pytestmark = pytest.mark.django_db

# Flanders Make's operating grants from the Flemish government, 2014-2016, in euro, as the seed
# "Flanders Make - Toegang voor kmo's" (answer 8) tabulates them: year -> (recurrent, one-off, total).
SEED_TABLE = {
    2014: (Decimal("8400000"), Decimal("0"), Decimal("8400000")),
    2015: (Decimal("8220000"), Decimal("5000000"), Decimal("13220000")),
    2016: (Decimal("13278000"), Decimal("5000000"), Decimal("18278000")),
}


def test_flanders_make_operating_grants_reproduce_the_seed_table_to_the_euro(seed):
    grants = FundingRecord.objects.filter(organisation__slug="flanders-make")
    for year, (recurrent, one_off, total) in SEED_TABLE.items():
        of_year = grants.filter(start_year=year, end_year=year)
        recurrent_sum = of_year.filter(programme__slug="flemish-operating-grant").total_amount()
        one_off_sum = of_year.filter(programme__slug="hermes-fund").total_amount()
        assert (recurrent_sum or 0) == recurrent, year
        assert (one_off_sum or 0) == one_off, year
        assert (recurrent_sum or 0) + (one_off_sum or 0) == total, year


def test_seed_names_the_regions_with_nuts_codes_and_managing_authorities(seed):
    flanders = Region.objects.get(nuts_code="BE2")
    south = Region.objects.get(nuts_code="NL4")
    assert flanders.name_nl == "Vlaanderen"
    assert "Flemish Agency for Innovation and Entrepreneurship" in flanders.managing_authority
    assert south.managing_authority_en == "Stimulus Programme Management"


def test_seed_holds_the_infrastructures_the_seed_texts_name(seed):
    names = set(Infrastructure.objects.values_list("name_en", flat=True))
    assert {
        "Mobile Make Lab",
        "Open test lab for predictive maintenance",
        "Smart Factory BNL",
        "Flanders Make open field labs",
        "FAMILIAR infrastructure in Lommel",
        "imec labs in Heverlee",
        "Freeform optics pilot line",
        "Flexible electronics pilot line (Flexlines)",
        "InP photonic chip pilot line",
    } <= names
    lommel = Infrastructure.objects.get(slug="familiar-lommel")
    assert lommel.city == "Lommel"
    assert lommel.funding_records.get().project == "FAMILIAR"
    flexlines = Infrastructure.objects.get(slug="flexlines-pilot-line")
    assert flexlines.funding_records.get().project == "Flexlines"


def test_seed_organisations_and_their_hierarchy(seed):
    flanders_make = Organisation.objects.get(slug="flanders-make")
    assert set(flanders_make.children.values_list("acronym", flat=True)) == {"FMTC", ""}
    assert Organisation.objects.get(acronym="B-PHOT").parent.acronym == "VUB"
    inp_line = Infrastructure.objects.get(slug="inp-photonic-chip-pilot-line")
    assert inp_line.owner.acronym == "TU/e"
    assert list(inp_line.operators.values_list("name_en", flat=True)) == ["PhotonDelta"]


def test_seed_has_the_six_high_tech_themes_and_the_clusters(seed):
    assert Theme.objects.count() >= 6
    assert {"Photonics", "Flexible electronics", "Factories of the Future"} <= set(
        Theme.objects.values_list("name_en", flat=True)
    )
    assert Cluster.objects.get(slug="blue-cluster").kind == Cluster.Kind.SPEARHEAD
    assert Cluster.objects.filter(kind=Cluster.Kind.BUSINESS_NETWORK, recognised_in=2018).count() == 6


def test_every_seed_text_the_public_reads_exists_in_both_languages(seed):
    for entry in Infrastructure.objects.all():
        assert entry.name_en and entry.name_nl, entry.slug
        assert entry.summary_en and entry.summary_nl, entry.slug
    assert not Theme.objects.filter(name_nl="").exists()
    assert not Region.objects.filter(name_nl="").exists()


def test_demo_accounts_let_a_flanders_manager_curate_flanders_only(client, settings):
    settings.DEBUG = True
    from django.core.management import call_command

    call_command("load_seed", demo_admin=True, verbosity=0)
    assert client.login(username="manager-flanders", password="catalogue-demo")
    page = client.get("/admin/infrastructures/infrastructure/")
    listed = {entry.region.slug for entry in page.context["cl"].result_list}
    assert listed == {"flanders"}
    assert (
        len(page.context["cl"].result_list) == Infrastructure.objects.filter(region__slug="flanders").count()
    )
    assert client.login(username="authority", password="catalogue-demo")
    assert client.get("/admin/infrastructures/infrastructure/").context["cl"].result_count == (
        Infrastructure.objects.count()
    )
