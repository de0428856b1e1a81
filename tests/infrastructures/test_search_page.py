"""The search page as a visitor reads it: what the words find, in both languages, and what it says
when they find nothing."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def found_count(response):
    match = re.search(
        r"(\d+) (?:infrastructures? found|infrastructu(?:ur|ren) gevonden)", page_text(response)
    )
    assert match, "no result count on the page"
    return int(match.group(1))


@pytest.mark.parametrize(
    "path, query, count",
    [
        ("/search/", "pilot line", 3),
        ("/search/", "pilot lines", 3),  # the plural found 1 of them
        ("/nl/search/", "pilootlijnen", 3),  # found none
        ("/nl/search/", "pilootlijn", 3),
    ],
)
def test_plurals_and_dutch_compounds_find_what_the_singular_finds(client, seed, path, query, count):
    assert found_count(client.get(path, {"q": query})) == count


def test_the_dutch_search_box_example_finds_the_predictive_maintenance_lab(client, seed):
    response = client.get("/nl/search/", {"q": "voorspellend onderhoud"})
    assert found_count(response) == 1
    assert "Open testlab voor predictief onderhoud" in page_text(response)


def test_accents_are_folded_both_ways(client, seed):
    factories.infrastructure(slug="ice-lab", name_en="Ice lab", city="Umeå")
    factories.infrastructure(slug="wetland", name_en="Wetland station", name_nl="Doñana-station")
    assert "Ice lab" in page_text(client.get("/search/", {"q": "umea"}))
    assert "Ice lab" in page_text(client.get("/search/", {"q": "Umeå"}))
    assert "Doñana-station" in page_text(client.get("/nl/search/", {"q": "donana"}))


def test_a_typo_finds_the_entries_and_says_what_it_searched_instead(client, seed):
    response = client.get("/search/", {"q": "photonix"})
    assert found_count(response) == 2
    assert re.search(r"Did you mean “photonics?”\?", page_text(response))
    assert 'value="photonix"' in response.content.decode()  # the box keeps what was typed


def test_when_only_some_words_match_the_page_says_so(client, seed):
    response = client.get("/search/", {"q": "predictive maintenance submarine"})
    assert found_count(response) == 1
    assert "No entry holds all the words" in page_text(response)


def test_nothing_found_offers_the_theme_named_like_the_query(client, seed):
    response = client.get("/search/", {"q": "3D printing"})
    assert found_count(response) == 0
    html = response.content.decode()
    theme = reverse("catalogue:theme", args=["new-materials-3d-printing"])
    assert f'<a href="{theme}">New materials and 3D printing</a>' in html


def test_nothing_found_with_a_known_word_nearby_offers_it(client, seed):
    # "photonix" alone is corrected; with a word that matches nothing, the correction finds nothing
    # either and is offered as a link.
    response = client.get("/search/", {"q": "photonix submarine"})
    assert found_count(response) == 0
    assert "Did you mean" in page_text(response)
    assert re.search(r"\?q=photonics?%20submarine", response.content.decode())


@pytest.mark.parametrize("query", ["!!!", '"', '""', "-", "*", "a AND OR NOT", "NEAR(x y)", "x:*", "\\"])
def test_odd_queries_are_answered_not_broken(client, seed, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    found_count(response)
