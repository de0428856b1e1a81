"""Every public page, in English and in Dutch, on a laptop and on a phone: no axe violation, and on
/nl/ the page's own words are Dutch (the map's controls included)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/search/",
    "/search/?q=pilot+line&theme=photonics",
    "/search/?q=3D+printing",  # nothing found: suggestions
    "/search/?q=photonix",  # did you mean
    "/infrastructures/inp-photonic-chip-pilot-line/",
    "/infrastructures/mobile-make-lab/",
    "/infrastructures/inp-photonic-chip-pilot-line/request/",
    "/infrastructures/inp-photonic-chip-pilot-line/report/",
    "/organisations/flanders-make/",
    "/regions/flanders/",
    "/themes/photonics/",
    "/clusters/blue-cluster/",
    "/request/",
    "/privacy/",
    "/reports/",
    "/reports/funding/",
    "/reports/compare/?region=flanders&region=south-netherlands",
    "/reports/sme-access/",
    "/open-data/",
]
VIEWPORTS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["", "/nl"])
def test_every_public_page_passes_axe(browser, catalogue_url, language, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    failures = []
    for path in PUBLIC_PAGES:
        response = page.goto(catalogue_url + language + path)
        assert response.status == 200, path
        if page.locator("#map").count():
            expect(page.locator("#map[data-ready=true]")).to_be_attached()
        results = Axe().run(page)
        if results.violations_count:
            failures.append(f"{language}{path}\n{results.generate_report()}")
    context.close()
    assert not failures, "\n\n".join(failures)


def test_the_dutch_map_speaks_dutch(page, catalogue_url):
    page.goto(catalogue_url + "/nl/regions/flanders/")
    expect(page.locator("#map[data-ready=true]")).to_be_attached()
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Inzoomen")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Uitzoomen")
    expect(page.locator(".leaflet-control-attribution a").first).not_to_have_attribute(
        "title", "A JavaScript library for interactive maps"
    )
