"""The public pages, through real HTTP: what an anonymous visitor can find, and what they cannot."""

import json
import re

import pytest
from django.urls import reverse

from access.models import AccessCondition
from infrastructures.models import Infrastructure
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(seed):
    """An unpublished entry in the seed catalogue, with a name no published entry shares."""
    flanders_make = Infrastructure.objects.get(slug="mobile-make-lab").owner
    entry = factories.infrastructure(
        slug="secret-draft-lab",
        name_en="Secret quantum draft lab",
        name_nl="Geheim kwantumlabo",
        owner=flanders_make,
        region=flanders_make.region,
        kind="cleanroom",
        publication_state=Infrastructure.PublicationState.DRAFT,
        latitude="51.0",
        longitude="4.0",
    )
    entry.themes.add(*Infrastructure.objects.get(slug="mobile-make-lab").themes.all())
    AccessCondition.objects.create(infrastructure=entry, access_mode="wide", open_to_smes=True)
    return entry


def text(response):
    return response.content.decode()


def test_home_starts_the_search_with_themes_regions_and_facts(client, seed):
    page = text(client.get("/"))
    assert 'name="q"' in page
    assert "Photonics" in page and "Flanders" in page
    published = Infrastructure.objects.published().count()
    assert f"<strong>{published}</strong>" in page


def test_search_finds_ranks_and_links_seed_entries(client, seed):
    response = client.get(reverse("catalogue:search"), {"q": "freeform optics"})
    assert response.status_code == 200
    assert reverse("catalogue:infrastructure", args=["b-phot-freeform-optics-pilot-line"]) in text(response)
    assert "1 infrastructure found" in text(response)


def test_search_state_lives_in_the_url(client, seed):
    response = client.get(
        reverse("catalogue:search"), {"q": "pilot line", "theme": ["photonics"], "sort": "name"}
    )
    page = text(response)
    assert re.search(r'<input type="checkbox" name="theme" value="photonics"[^>]*checked', page)
    assert 'value="pilot line"' in page
    assert re.search(r'<option value="name" selected>', page)


def test_facet_counts_are_shown(client, seed):
    page = text(client.get(reverse("catalogue:search"), {"theme": "photonics"}))
    assert re.search(r"Pilot line <span class=\"count\">\(2\)</span>", page)


def test_nothing_found_gives_a_message_and_suggestions(client, seed):
    response = client.get(reverse("catalogue:search"), {"q": "zeppelin hangar"})
    assert response.status_code == 200
    assert "Nothing matches “zeppelin hangar”" in text(response)
    assert "?theme=photonics" in text(response)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"theme": "unknown-theme"}, "Select a valid choice"),
        ({"page": "abc"}, "There is no page abc"),
        ({"page": "999"}, "There is no page 999"),
        ({"trl": "99"}, "Select a valid choice"),
        ({"q": "x" * 5000}, "at most 200 characters"),
        ({"sort": "drop table"}, "Select a valid choice"),
        ({"region": "\x00"}, ""),
    ],
)
def test_bad_parameters_get_a_clear_400_page(client, seed, params, message):
    response = client.get(reverse("catalogue:search"), params)
    assert response.status_code == 400
    assert "We could not run this search" in text(response)
    assert message in text(response)


def test_unpublished_entries_are_invisible_everywhere(client, seed, draft):
    url = reverse("catalogue:infrastructure", args=[draft.slug])
    assert client.get(url).status_code == 404
    assert client.get(reverse("catalogue:search"), {"q": "quantum"}).content.count(b"Secret") == 0
    everything = text(client.get(reverse("catalogue:search")))
    assert draft.slug not in everything
    assert "Cleanroom" not in everything  # the draft's kind would appear in the kind facet
    assert "Wide" not in everything  # and its access mode in that facet
    assert "51.0" not in everything  # nor on the map
    home = text(client.get("/"))
    assert f"<strong>{Infrastructure.objects.published().count()}</strong>" in home
    for page in (
        reverse("catalogue:organisation", args=[draft.owner.slug]),
        reverse("catalogue:region", args=[draft.region.slug]),
        reverse("catalogue:theme", args=[draft.themes.first().slug]),
        "/sitemap-infrastructures.xml",
        "/nl/",
    ):
        assert draft.slug not in text(client.get(page)), page
    draft.publication_state = Infrastructure.PublicationState.PUBLISHED
    draft.save()
    assert client.get(url).status_code == 200
    assert draft.slug in text(client.get("/sitemap-infrastructures.xml"))


@pytest.mark.parametrize("state", ["draft", "in_review", "archived"])
def test_every_unpublished_state_answers_404(client, state):
    entry = factories.infrastructure(publication_state=state)
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_detail_page_shows_what_an_sme_needs(client, seed):
    page = text(client.get(reverse("catalogue:infrastructure", args=["familiar-lommel"])))
    assert "Flanders Make" in page and "Lommel" in page
    assert "ERDF Flanders 2014-2020" in page and "FAMILIAR" in page
    assert "verified" not in page  # the seed gives no date of verification: no line promises one
    page = text(client.get(reverse("catalogue:infrastructure", args=["mobile-make-lab"])))
    assert "Mobile visit" in page
    assert "Open to SMEs" in page


def test_detail_page_carries_schema_org_json_ld(client, seed):
    page = text(client.get(reverse("catalogue:infrastructure", args=["inp-photonic-chip-pilot-line"])))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Place"
    assert data["name"] == "InP photonic chip pilot line"
    assert data["geo"]["latitude"] == pytest.approx(51.448)
    org_page = text(client.get(reverse("catalogue:organisation", args=["b-phot"])))
    org = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', org_page, re.S).group(1)
    )
    assert (
        org["@type"] == "Organization" and org["parentOrganization"]["name"] == "Vrije Universiteit Brussel"
    )


def test_curator_text_is_escaped_on_public_pages(client):
    entry = factories.infrastructure(name_en="<script>alert(1)</script>", summary_en="</script><b>x</b>")
    page = text(client.get(entry.get_absolute_url()))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "</script><b>x</b>" not in page


def test_organisation_region_theme_and_cluster_pages(client, seed):
    page = text(client.get(reverse("catalogue:organisation", args=["flanders-make"])))
    assert "Mobile Make Lab" in page and "Flanders&#x27; DRIVE" in page
    assert "13.278.000" in page or "13,278,000" in page
    page = text(client.get(reverse("catalogue:region", args=["south-netherlands"])))
    assert "NL4" in page and "Stimulus Programme Management" in page
    assert "Photonics" in page and "Pilot line" in page
    page = text(client.get(reverse("catalogue:theme", args=["photonics"])))
    assert "InP photonic chip pilot line" in page
    page = text(client.get(reverse("catalogue:cluster", args=["blue-cluster"])))
    assert "Blue Cluster" in page and "Spearhead cluster" in page


def test_dutch_pages_show_dutch_content(client, seed):
    page = text(
        client.get("/nl" + reverse("catalogue:infrastructure", args=["inp-photonic-chip-pilot-line"]))
    )
    assert '<html lang="nl">' in page
    assert "Pilootlijn voor indiumfosfide fotonische chips" in page
    assert "Technische Universiteit Eindhoven" in page
    page = text(client.get("/nl/search/", {"q": "pilootlijn"}))
    assert "Pilootlijn voor vrije-vorm optica" in page


def test_content_falls_back_to_english_when_dutch_is_missing(client):
    entry = factories.infrastructure(name_en="Only in English", name_nl="", summary_en="English summary")
    page = text(client.get("/nl" + entry.get_absolute_url()))
    assert "Only in English" in page and "English summary" in page


def test_sitemap_lists_every_published_page_in_both_languages(client, seed):
    sitemap = " ".join(
        text(client.get(f"/sitemap-{part}.xml")) for part in ("infrastructures", "regions", "clusters")
    )
    for entry in Infrastructure.objects.published():
        assert entry.get_absolute_url() in sitemap
        assert "/nl" + entry.get_absolute_url() in sitemap
    assert "/regions/flanders/" in sitemap and "/clusters/blue-cluster/" in sitemap


def make_entries(count):
    region = factories.region()
    owner = factories.organisation(region=region)
    themes = [factories.theme() for _ in range(3)]
    for n in range(count):
        entry = factories.infrastructure(
            owner=owner,
            region=region,
            name_en=f"Pilot line {n}",
            latitude="50.5",
            longitude="4.5",
            trl_min=2,
            trl_max=6,
        )
        entry.themes.add(*themes)
        entry.equipment.create(name_en=f"Printer {n}")
        condition = AccessCondition.objects.create(infrastructure=entry, open_to_smes=True)
        condition.business_models.add("pay_per_use")
    return entry


@pytest.mark.parametrize("count", [10, 300])
def test_page_query_counts_do_not_grow_with_entries(client, django_assert_max_num_queries, count):
    last = make_entries(count)
    # Live facet counts share a time box: on PostgreSQL a savepoint with its statement_timeout (4).
    with django_assert_max_num_queries(20):
        assert client.get(reverse("catalogue:search"), {"q": "pilot line", "sme": "true"}).status_code == 200
    # Unfiltered: the whole catalogue's facet counts are counted once and kept; the database cache
    # stores them, and the catalogue's version token, in 6 queries each.
    with django_assert_max_num_queries(40):
        assert client.get(reverse("catalogue:search"), {"page": "1"}).status_code == 200
    with django_assert_max_num_queries(8):  # ... and read back
        assert client.get(reverse("catalogue:search"), {"page": "2"}).status_code == (
            200 if count > 20 else 400
        )
    with django_assert_max_num_queries(14):  # the related entries: one short query per theme (2 here)
        assert client.get(last.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(last.region.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):  # the overview is counted once and kept
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "url, kind",
    [("/regions/flanders/", "AdministrativeArea"), ("/themes/photonics/", "DefinedTerm"),
     ("/clusters/blue-cluster/", "Organization")],
)  # fmt: skip
def test_region_theme_and_cluster_pages_carry_json_ld(client, seed, url, kind):
    page = text(client.get(url))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == kind
