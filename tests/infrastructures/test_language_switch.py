"""The language switch goes to the same page in the other language, both ways, keeping the query."""

import re

import pytest

pytestmark = pytest.mark.django_db


def switch_link(response, language_name):
    html = response.content.decode()
    match = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>{language_name}</a>', html)
    assert match, f"no link to {language_name} on the page"
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    "english, dutch",
    [
        ("/", "/nl/"),
        ("/search/?q=pilot+line&theme=photonics", "/nl/search/?q=pilot+line&theme=photonics"),
        ("/infrastructures/mobile-make-lab/", "/nl/infrastructures/mobile-make-lab/"),
        ("/regions/flanders/", "/nl/regions/flanders/"),
    ],
)
def test_the_switch_leads_to_the_same_page_in_the_other_language(client, seed, english, dutch):
    to_dutch = switch_link(client.get(english), "Nederlands")
    assert to_dutch == dutch
    dutch_page = client.get(to_dutch)
    assert dutch_page.status_code == 200 and '<html lang="nl">' in dutch_page.content.decode()

    to_english = switch_link(dutch_page, "English")
    assert to_english == english
    english_page = client.get(to_english)
    assert english_page.status_code == 200 and '<html lang="en">' in english_page.content.decode()


def test_a_dutch_visitor_with_a_dutch_cookie_still_gets_english_from_the_english_link(client, seed):
    client.cookies["django_language"] = "nl"
    dutch_page = client.get("/nl/search/?q=laser")
    english_page = client.get(switch_link(dutch_page, "English"))
    assert '<html lang="en">' in english_page.content.decode()


def test_each_page_names_its_other_language_version_for_search_engines(client, seed):
    html = client.get("/infrastructures/mobile-make-lab/").content.decode()
    entry = "infrastructures/mobile-make-lab/"
    assert f'rel="alternate" hreflang="nl" href="http://testserver/nl/{entry}"' in html
    assert f'rel="alternate" hreflang="en" href="http://testserver/{entry}"' in html


def test_dutch_pages_leave_no_english_control_or_kind_behind(client, seed):
    search = client.get("/nl/search/").content.decode()
    assert "Proeftuin (open field lab) <span" in search and "Open field lab <span" not in search
    region = client.get("/nl/regions/flanders/").content.decode()
    assert 'data-label-zoom-in="Inzoomen"' in region and 'data-label-zoom-out="Uitzoomen"' in region
