"""The search page's filters by keyboard and on a phone: a change updates the results in place
(no page load, focus stays on the control, the new count is announced, the URL and Back follow),
phones see results first with the filters folded behind a "Filters (n)" button, and without
JavaScript the form and its "Apply filters" button work as before."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def tab_to(page, target, *, backwards=False, most=30):
    """Press Tab (or Shift+Tab) until `target` has the focus; the number of presses it took."""
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, most + 1):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            return presses
    raise AssertionError(f"{target} not reached in {most} presses of {key}")


def heading(page, name):
    return page.get_by_role("heading", name=name, exact=True)


def expect_in_place(page, results_updated):
    """The last change updated the page without loading a new one, and said so to the map."""
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"
    expect(page.locator("#results")).not_to_have_attribute("aria-busy", "true")
    assert page.evaluate("window.__updates") == results_updated


def watch_updates(page):
    page.evaluate(
        """() => {
            window.__marker = 1;
            window.__updates = 0;
            document.addEventListener("catalogue:results-updated", () => { window.__updates += 1; });
        }"""
    )


def test_keyboard_user_searches_ticks_sorts_goes_back_and_opens_a_result(browser, catalogue_url):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(catalogue_url + "/search/")
    search_box = page.get_by_label("What do you need?")
    tab_to(page, search_box)
    page.keyboard.type("pilot line")
    page.keyboard.press("Enter")
    expect(heading(page, "3 infrastructures found")).to_be_visible()
    expect(search_box).to_have_value("pilot line")
    watch_updates(page)

    # Space ticks a facet: the results and the counts change in place, focus stays on the box.
    photonics = page.get_by_role("checkbox", name=re.compile(r"^Photonics \(2\)"))
    tab_to(page, photonics)
    page.keyboard.press("Space")
    expect(heading(page, "2 infrastructures found")).to_be_visible()
    photonics = page.get_by_role("checkbox", name=re.compile(r"^Photonics"))
    expect(photonics).to_be_checked()
    expect(photonics).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="infrastructures found")).to_have_text(
        "2 infrastructures found"
    )
    expect(page.get_by_role("checkbox", name="South Netherlands (1)")).to_be_visible()  # was (2)
    assert "theme=photonics" in page.url and "q=pilot+line" in page.url
    dutch = page.get_by_role("link", name="Nederlands")
    expect(dutch).to_have_attribute("href", re.compile(r"theme=photonics"))  # the same page in Dutch
    expect_in_place(page, results_updated=1)

    # Enter ticks a box too (it used to submit the form with the box unticked).
    south_nl = page.get_by_role("checkbox", name=re.compile(r"^South Netherlands"))
    tab_to(page, south_nl, backwards=True)
    page.keyboard.press("Enter")
    expect(heading(page, "1 infrastructure found")).to_be_visible()
    expect(south_nl).to_be_checked()
    expect(south_nl).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="found")).to_have_text("1 infrastructure found")
    assert "region=south-netherlands" in page.url and "theme=photonics" in page.url
    expect_in_place(page, results_updated=2)

    # ArrowDown on "Sort by" changes the order in place and leaves the focus on the select.
    sort = page.get_by_label("Sort by")
    tab_to(page, sort, backwards=True)
    page.keyboard.press("ArrowDown")
    expect(page).to_have_url(re.compile(r"sort=name"))
    expect(sort).to_have_value("name")
    expect(sort).to_be_focused()
    expect_in_place(page, results_updated=3)

    # Back restores the earlier results, in place; twice takes the region off again.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"sort=name"))
    expect(sort).to_have_value("relevance")
    page.go_back()
    expect(heading(page, "2 infrastructures found")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^South Netherlands"))).not_to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Photonics"))).to_be_checked()
    assert "region=" not in page.url
    expect_in_place(page, results_updated=5)

    # Enter on a result opens it.
    result = page.get_by_role("link", name="InP photonic chip pilot line")
    tab_to(page, result)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("InP photonic chip pilot line")
    assert page.url.endswith("/infrastructures/inp-photonic-chip-pilot-line/")
    context.close()


def test_few_tabs_lead_from_the_search_box_to_the_first_result(browser, catalogue_url):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(catalogue_url + "/search/?q=pilot+line")
    page.get_by_label("What do you need?").focus()
    skip = page.get_by_role("link", name="Skip to results")
    assert tab_to(page, skip) == 2  # past the search button
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    first = page.locator("#results .result h3 a").first
    # The map inside the results has Tab stops of its own ("Skip the map"); not counted here.
    presses = 0
    while not first.evaluate("element => element === document.activeElement"):
        page.keyboard.press("Tab")
        if not page.evaluate("() => !!document.activeElement.closest('.map-section, #map')"):
            presses += 1
        assert presses <= 1, page.evaluate("document.activeElement.outerHTML")
    context.close()


def test_a_newer_change_wins_over_a_slower_older_one(browser, catalogue_url):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(catalogue_url + "/search/?q=pilot+line")
    watch_updates(page)
    held = []  # the answer to the first change (Photonics alone) waits here

    def photonics_alone(url):
        return "theme=photonics" in url and "region=" not in url

    page.route(photonics_alone, lambda route: held.append(route))

    page.get_by_role("checkbox", name=re.compile(r"^Photonics")).check()
    expect(page.locator("#results")).to_have_attribute("aria-busy", "true")
    page.get_by_role("checkbox", name=re.compile(r"^South Netherlands")).check()
    expect(heading(page, "1 infrastructure found")).to_be_visible()
    assert held, "the first request was not made"
    try:
        held[0].continue_()  # the page gave up on it; its answer must not come back
    except Exception:  # the page aborted it already
        pass
    page.wait_for_timeout(300)
    expect(heading(page, "1 infrastructure found")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Photonics"))).to_be_checked()
    expect_in_place(page, results_updated=1)
    context.close()


def test_when_the_update_fails_the_form_is_submitted_as_usual(browser, catalogue_url):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(catalogue_url + "/search/?q=pilot+line")
    page.evaluate("window.__marker = 1")

    def fail_fetches(route):
        if route.request.resource_type == "fetch":
            route.abort()
        else:
            route.continue_()

    page.route("**/search/?*", fail_fetches)
    page.get_by_role("checkbox", name=re.compile(r"^Photonics")).check()
    expect(heading(page, "2 infrastructures found")).to_be_visible()
    assert "theme=photonics" in page.url
    assert page.evaluate("window.__marker") is None  # a full page load
    context.close()


def test_phone_shows_results_first_and_folds_the_filters(browser, catalogue_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(catalogue_url + "/search/?q=pilot+line")
    first = page.locator("#results .result h3 a").first
    box = first.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box  # above the fold
    facets = page.locator("#facets")
    expect(facets).to_be_hidden()
    toggle = page.get_by_role("button", name="Filters (0)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "facets")
    assert toggle.bounding_box()["y"] < first.bounding_box()["y"]  # above the results

    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(facets).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(r"^South Netherlands")).tap()
    expect(heading(page, "2 infrastructures found")).to_be_visible()
    expect(page.get_by_role("button", name="Filters (1)")).to_have_attribute("aria-expanded", "true")
    expect(facets).to_be_visible()

    page.get_by_role("button", name="Filters (1)").tap()
    expect(facets).to_be_hidden()

    # "Apply filters" at the foot of the open filters folds them and leads to the results.
    page.get_by_role("button", name="Filters (1)").tap()
    page.get_by_role("checkbox", name=re.compile(r"^Photonics")).tap()
    expect(heading(page, "1 infrastructure found")).to_be_visible()
    page.get_by_role("button", name="Apply filters").tap()
    expect(facets).to_be_hidden()
    expect(page.get_by_role("button", name="Filters (2)")).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#results")).to_be_focused()
    expect(heading(page, "1 infrastructure found")).to_be_in_viewport()
    page.goto(catalogue_url + "/search/?q=pilot+line&theme=photonics&region=south-netherlands")
    expect(page.get_by_role("button", name="Filters (2)")).to_be_visible()
    expect(facets).to_be_hidden()
    context.close()


def test_laptop_keeps_the_side_panel_without_a_toggle(browser, catalogue_url):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(catalogue_url + "/search/?q=pilot+line")
    expect(page.locator("#facets")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Filters"))).to_be_hidden()
    facets, results = page.locator("#facets").bounding_box(), page.locator("#results").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"]  # side by side
    context.close()


def test_phone_without_javascript_shows_the_filters_and_applies_them(browser, catalogue_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(catalogue_url + "/search/?q=pilot+line")
    expect(page.locator("#facets")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Filters"))).to_be_hidden()
    page.get_by_label(re.compile(r"^Photonics")).check()
    page.get_by_label("Sort by").select_option("name")
    page.get_by_role("button", name="Apply filters").click()
    expect(heading(page, "2 infrastructures found")).to_be_visible()
    assert "theme=photonics" in page.url and "sort=name" in page.url
    expect(page.get_by_label(re.compile(r"^Photonics"))).to_be_checked()
    context.close()


@pytest.mark.parametrize("prefix", ["", "/nl"])
def test_search_page_passes_axe_with_filters_open_and_closed(browser, catalogue_url, prefix):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(catalogue_url + prefix + "/search/?q=pilot+line&theme=photonics")
    toggle = page.locator("#filters-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert_accessible(page)
    toggle.click()
    expect(page.locator("#facets")).to_be_visible()
    assert_accessible(page)
    page.locator("#facets input[value=south-netherlands]").check()  # updated in place
    expect(page.locator("#results-status")).not_to_be_empty()
    assert_accessible(page)
    page.set_viewport_size(LAPTOP)
    assert_accessible(page)
    context.close()
