"""The SME journey in a real browser: search, narrow by facets, map, detail page, language."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_sme_finds_narrows_maps_opens_and_switches_language(page, catalogue_url):
    page.goto(catalogue_url + "/")
    page.get_by_label("What do you need?").fill("pilot line")
    page.get_by_label("What do you need?").press("Enter")
    expect(page.get_by_role("heading", name="3 infrastructures found")).to_be_visible()
    assert_accessible(page)

    # Ticking a facet applies it at once (JavaScript) and keeps the state in the URL.
    page.get_by_label(re.compile(r"^Photonics \(2\)")).check()
    expect(page.get_by_role("heading", name="2 infrastructures found")).to_be_visible()
    assert "theme=photonics" in page.url and "q=pilot+line" in page.url
    expect(page.get_by_label(re.compile(r"^Photonics"))).to_be_checked()

    # The map shows the current results even though no tile server is reachable in tests.
    expect(page.locator("#map[data-ready=true]")).to_be_visible()
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(2)
    page.locator("#map .leaflet-marker-icon").first.click()
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()

    page.locator(".result-list").get_by_role("link", name="InP photonic chip pilot line").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("InP photonic chip pilot line")
    expect(page.get_by_text("Eindhoven University of Technology").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Pilootlijn voor indiumfosfide fotonische chips"
    )
    assert "/nl/infrastructures/inp-photonic-chip-pilot-line/" in page.url
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # And back: English again, on the same entry.
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("InP photonic chip pilot line")
    assert page.url.endswith("/infrastructures/inp-photonic-chip-pilot-line/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_search_works_without_javascript_on_a_phone(browser, catalogue_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(catalogue_url + "/search/?q=pilot+line")
    expect(page.get_by_role("heading", name="3 infrastructures found")).to_be_visible()
    page.get_by_label(re.compile(r"^South Netherlands")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="2 infrastructures found")).to_be_visible()
    expect(page.get_by_role("link", name="Flexible electronics pilot line (Flexlines)")).to_be_visible()
    context.close()


def test_keyboard_user_reaches_the_search_and_sees_focus(page, catalogue_url):
    page.goto(catalogue_url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_label("What do you need?").focus()
    outline = page.get_by_label("What do you need?").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


def test_unknown_filter_value_shows_a_message_not_an_error_page(page, catalogue_url):
    response = page.goto(catalogue_url + "/search/?theme=teleportation")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Select a valid choice")
