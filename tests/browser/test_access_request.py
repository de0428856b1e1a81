"""An SME finds a lab, opens it, sends a request and sees its reference: in English on a laptop,
in Dutch on a phone; the form and the confirmation pass axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from access.models import AccessRequest

pytestmark = pytest.mark.browser


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_sme_finds_a_lab_and_sends_a_request(page, catalogue_url, mailoutbox):
    page.goto(catalogue_url + "/search/?q=pilot+line")
    page.get_by_role("link", name="Flexible electronics pilot line (Flexlines)").click()
    page.get_by_role("link", name="Request access").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Request access to Flexible electronics")
    assert_accessible(page)

    # A mistake first: told beside the field, nothing sent, what was typed still there.
    page.get_by_label("Company name").fill("Acme Sensors BV")
    page.get_by_label("What do you need?").fill("Printing test runs of flexible sensor foils.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was sent yet")
    expect(page.locator("#form-errors")).to_be_focused()  # read out, each problem a link to its field
    page.locator("#form-errors").get_by_role("link", name="Company size (EU SME definition)").click()
    expect(page.locator("#id_company_size")).to_be_focused()
    need = page.get_by_label("What do you need?")
    expect(need).to_have_value("Printing test runs of flexible sensor foils.")
    assert_accessible(page)

    page.get_by_label("Country").select_option("BE")
    page.get_by_label("VAT or enterprise number").fill("0403.170.701")
    page.get_by_label(re.compile(r"^Small")).check()
    page.get_by_label("Your name").fill("An Peeters")
    page.get_by_label("Your e-mail address").fill("an@acme.example")
    page.get_by_label(re.compile("agree that this request")).check()
    page.get_by_role("button", name="Send the request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your request was sent")
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"RII-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert AccessRequest.objects.get(reference=reference).company_name == "Acme Sensors BV"
    assert_accessible(page)


def test_een_kmo_vraagt_toegang_aan_op_een_telefoon(browser, catalogue_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE")
    page = context.new_page()
    page.goto(catalogue_url + "/nl/search/?q=pilot+line")
    page.get_by_role("link", name=re.compile("Flexlines")).click()
    page.get_by_role("link", name="Toegang aanvragen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Toegang aanvragen")
    assert_accessible(page)

    page.get_by_label("Bedrijfsnaam").fill("Acme Sensoren BV")
    page.get_by_label("Land").select_option("NL")
    page.get_by_label("Btw- of ondernemingsnummer").fill("NL004495445B01")
    page.get_by_label(re.compile(r"^Micro")).check()
    page.get_by_label("Uw naam").fill("Jan de Vries")
    page.get_by_label("Uw e-mailadres").fill("jan@acme.example")
    page.get_by_label("Wat heeft u nodig?").fill("Proefdrukken van sensorfolies.")
    page.get_by_label(re.compile("Breng mij per e-mail op de hoogte")).check()
    page.get_by_label(re.compile("ga ermee akkoord")).check()
    page.get_by_role("button", name="Aanvraag verzenden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw aanvraag is verzonden")
    reference = page.locator(".reference").inner_text()
    stored = AccessRequest.objects.get(reference=reference)
    assert (stored.language, stored.country.code, stored.wants_updates) == ("nl", "NL", True)
    assert_accessible(page)
    context.close()
