"""The map in a real browser: clustered features fetched for the view, a first view fitted to the
entries, bounded responses at 5,000 entries, out of the Tab order, skippable, labelled in the page's
language, and set up again when the search replaces its results in place."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from infrastructures import geo
from tests.infrastructures.test_map import generated_europe

pytestmark = pytest.mark.browser

READY = "#map[data-ready=true]"


def features_responses(page):
    """The map-features responses the page receives, as they arrive."""
    received = []

    def keep(response):
        if "/map/features/" in response.url:
            received.append(response)

    page.on("response", keep)
    return received


def shown_count(page):
    """How many entries the markers and clusters on screen stand for."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#map .leaflet-marker-icon')).reduce(
            (sum, icon) => sum + (icon.classList.contains('map-cluster') ? Number(icon.textContent) : 1),
            0)"""
    )


def test_the_search_map_clusters_and_fits_belgium_and_the_netherlands(page, catalogue_url):
    responses = features_responses(page)
    page.goto(catalogue_url + "/search/")
    expect(page.locator(READY)).to_be_visible()
    assert "map-points" not in page.content()
    # The first request asks where the entries are; the next ones, what lies in the view.
    assert "bbox=" not in responses[0].url and "bbox=" in responses[-1].url
    zoom = int(page.locator("#map").get_attribute("data-zoom"))
    assert 7 <= zoom <= 10, zoom  # Belgium and the Netherlands, not the world
    expect(page.locator("#map .map-cluster")).not_to_have_count(0)
    assert shown_count(page) == 5  # every located seed entry, in view
    box = page.locator("#map").bounding_box()
    for icon in page.locator("#map .leaflet-marker-icon").all():
        where = icon.bounding_box()
        assert box["x"] <= where["x"] and where["x"] + where["width"] <= box["x"] + box["width"]
        assert box["y"] <= where["y"] and where["y"] + where["height"] <= box["y"] + box["height"]

    # A cluster zooms in to its entries; a point opens a popup with its page.
    count_before = page.locator("#map .leaflet-marker-icon").count()
    page.locator("#map .map-cluster").first.click()
    expect(page.locator("#map .leaflet-marker-icon")).not_to_have_count(count_before)
    expect(page.locator("#map")).not_to_have_attribute("data-zoom", str(zoom))
    page.locator("#map .leaflet-marker-icon:not(.map-cluster)").first.click()
    expect(page.locator("#map .leaflet-popup-content a")).to_be_visible()
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")

    results = Axe().run(page)  # with clusters, markers and an open popup
    assert results.violations_count == 0, results.generate_report()


def test_at_5000_entries_every_features_response_stays_under_the_cap(page, catalogue_url):
    generated_europe(5000)
    responses = features_responses(page)
    page.goto(catalogue_url + "/search/")
    expect(page.locator(READY)).to_be_visible()
    first_zoom = page.locator("#map").get_attribute("data-zoom")
    for _ in range(3):
        zoom = page.locator("#map").get_attribute("data-zoom")
        page.locator("#map .leaflet-control-zoom-in").click()
        expect(page.locator("#map")).not_to_have_attribute("data-zoom", zoom)
    page.locator("#map").hover()
    page.mouse.down()
    page.mouse.move(200, 200, steps=5)
    page.mouse.up()
    page.wait_for_load_state("networkidle")
    assert int(page.locator("#map").get_attribute("data-zoom")) == int(first_zoom) + 3
    finished = [response for response in responses if response.status == 200]
    assert len(finished) >= 4
    for response in finished:
        collection = response.json()
        assert len(collection["features"]) <= geo.MAX_FEATURES, response.url
    first = finished[0].json()
    assert sum(feature["properties"]["count"] for feature in first["features"]) == 5005


def test_markers_are_out_of_the_tab_order_and_skip_the_map_goes_to_the_list(page, catalogue_url):
    page.goto(catalogue_url + "/search/")
    expect(page.locator(READY)).to_be_visible()
    focusable = page.evaluate(
        """() => Array.from(document.querySelectorAll('#map, #map .leaflet-marker-icon'))
            .filter(node => node.tabIndex >= 0).length"""
    )
    assert focusable == 0

    skip = page.get_by_role("link", name="Skip the map")
    skip.focus()
    expect(skip).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("#after-map")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('.result-list') !== null")
    assert focused, "the Tab after the skip link lands in the list of results"

    # Tabbing through the whole page never lands on a marker or a cluster.
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        on_marker = page.evaluate("() => document.activeElement.classList.contains('leaflet-marker-icon')")
        assert not on_marker


def test_leaflets_titles_come_from_the_page_in_its_language(page, catalogue_url):
    dutch = {
        "Zoom in": "Inzoomen",
        "Zoom out": "Uitzoomen",
        "A JavaScript library for interactive maps": "Een JavaScript-bibliotheek voor interactieve kaarten",
    }

    def translated(route):
        response = route.fetch()
        body = response.text()
        for english, nederlands in dutch.items():
            body = re.sub(
                r'(data-label-[\w-]+=")' + re.escape(english) + '"', r"\g<1>" + nederlands + '"', body
            )
        route.fulfill(response=response, body=body)

    # Whatever the Dutch catalogue says for these strings, the map shows what the page carries.
    page.route(re.compile(r".*/nl/search/.*"), translated)
    page.goto(catalogue_url + "/nl/search/")
    expect(page.locator(READY)).to_be_visible()
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Inzoomen")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Inzoomen")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Uitzoomen")
    prefix = page.locator(".leaflet-control-attribution a[href='https://leafletjs.com']")
    expect(prefix).to_have_attribute("title", dutch["A JavaScript library for interactive maps"])
    expect(prefix).to_have_text("Leaflet")
    assert "/nl/map/features/" in page.locator("#map").get_attribute("data-features-url")


def test_a_map_arriving_with_new_results_is_set_up(page, catalogue_url):
    """What facets.js does: replace the results in place, then announce it."""
    page.goto(catalogue_url + "/search/")
    expect(page.locator(READY)).to_be_visible()
    page.evaluate(
        """async () => {
            const html = await (await fetch('/search/?theme=photonics')).text();
            const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('.results');
            document.querySelector('.results').replaceWith(fresh);
            document.dispatchEvent(new CustomEvent('catalogue:results-updated'));
        }"""
    )
    expect(page.locator(READY)).to_be_visible()
    assert "theme=photonics" in page.locator("#map").get_attribute("data-features-url")
    expect(page.locator("#map .leaflet-marker-icon")).not_to_have_count(0)
    assert shown_count(page) == 2  # the seed's located photonics entries


@pytest.mark.parametrize(
    "path, located, summary",
    [
        ("/regions/flanders/", 2, "2 of the 6 results have a place on the map."),
        ("/themes/photonics/", 2, "2 places on the map."),
    ],
)
def test_region_and_theme_pages_map_their_entries(page, catalogue_url, path, located, summary):
    page.goto(catalogue_url + path)
    expect(page.locator(READY)).to_be_visible()
    assert shown_count(page) == located
    expect(page.locator(".map-summary")).to_contain_text(summary)
