"""The home page's first screen on a phone and a laptop, and a visitor reporting outdated information
from a detail page, in a real browser."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from access.models import OutdatedInformationReport
from infrastructures.models import Infrastructure

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def above_the_fold(page, locator):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_first_screen_shows_the_search_box_and_the_figures(browser, catalogue_url, viewport):
    Infrastructure.objects.filter(slug="familiar-lommel").update(last_reviewed_on=date(2026, 5, 4))
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(catalogue_url + "/")
    search = page.get_by_label("What do you need?")
    facts = page.locator(".facts")
    expect(search).to_be_visible()
    assert above_the_fold(page, search), search.bounding_box()
    assert above_the_fold(page, facts), facts.bounding_box()
    published = Infrastructure.objects.published().count()
    expect(facts).to_contain_text(f"{published} infrastructures")
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if viewport is LAPTOP:  # on a laptop the themes start on the first screen too
        assert above_the_fold(page, page.get_by_role("heading", name="Themes"))
    expect(page.get_by_text("0 infrastructures")).to_have_count(0)
    recent = page.locator("section.recent")
    expect(recent).to_contain_text("FAMILIAR")
    expect(recent).to_contain_text("Verified on 4 May 2026")
    assert_accessible(page)

    search.fill("freeform optics")
    search.press("Enter")
    expect(page.get_by_role("heading", name="1 infrastructure found")).to_be_visible()
    context.close()


def test_a_visitor_reports_outdated_information_from_a_phone(browser, catalogue_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(catalogue_url + "/infrastructures/mobile-make-lab/")
    expect(page.get_by_text("Last verified")).to_have_count(0)  # never verified: no such line
    contact = page.locator("section", has=page.get_by_role("heading", name="Contact"))
    expect(contact).to_contain_text("No contact person is listed")
    expect(contact.get_by_role("link", name="Request access")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Report outdated information").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Report outdated information")
    assert_accessible(page)
    page.get_by_role("button", name="Send to the curators").click()  # nothing typed yet
    expect(page.get_by_role("alert")).to_contain_text("What is out of date or wrong?")
    page.get_by_label("What is out of date or wrong?").fill("The van now also visits Limburg.")
    page.get_by_label("Your e-mail address (optional)").fill("not-an-address")
    page.get_by_role("button", name="Send to the curators").click()
    expect(page.get_by_role("alert")).to_contain_text("valid email address")
    expect(page.get_by_label("What is out of date or wrong?")).to_have_value(
        "The van now also visits Limburg."
    )
    page.get_by_label("Your e-mail address (optional)").fill("jan@sme.example")
    page.get_by_role("button", name="Send to the curators").click()
    expect(page.get_by_role("heading", name="Thank you for your report")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("jan@sme.example")
    assert_accessible(page)
    report = OutdatedInformationReport.objects.get()
    assert (report.infrastructure.slug, report.reply_email) == ("mobile-make-lab", "jan@sme.example")
    context.close()
