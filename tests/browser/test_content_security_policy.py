"""Every page works under the catalogue's Content-Security-Policy, in a real browser: the public pages
in English and Dutch (the map, the facets that update the results in place, the forms and their
confirmations, the reports' charts), the API's documentation and browsable pages, the admin and the
curation pages of a superuser and of a regional manager. Chromium reports each thing the policy
blocks twice, as a `securitypolicyviolation` event in the page and as a console message: both are
collected, and none may appear but the one block Redoc's page is meant to cause (REDOC_LOGO)."""

import re

import pytest
from playwright.sync_api import expect

from access.models import OutdatedInformationReport
from infrastructures.models import Infrastructure, Job
from regions import roles
from regions.models import Region
from tests import factories
from tests.rights import make_user

pytestmark = pytest.mark.browser

# Runs in every document before its own scripts: keeps what the policy blocked, for `check` to read.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}`,
  });
}, true);
"""

# Redoc shows its maker's logo from cdn.redoc.ly: the policy blocks that call outside the catalogue on
# purpose (no CDN, nothing a visitor's browser tells a third party), and Redoc then hides the image.
REDOC_LOGO = "https://cdn.redoc.ly/"

ENTRY = "flexlines-pilot-line"
PUBLIC_PAGES = [
    "/",
    "/search/?q=pilot+line",
    f"/infrastructures/{ENTRY}/",
    "/organisations/flanders-make/",
    "/regions/flanders/",
    "/themes/photonics/",
    "/clusters/blue-cluster/",
    "/request/",
    "/privacy/",
    "/open-data/",
    "/reports/",
    "/reports/funding/",
    "/reports/compare/?region=flanders&region=south-netherlands",
    "/reports/sme-access/",
    "/nl/",
    "/nl/search/?q=pilot+line",
    f"/nl/infrastructures/{ENTRY}/",
    "/nl/regions/flanders/",
    "/nl/reports/funding/",
]


class Browsing:
    """One browser context and one tab, with what the policy blocked on each page visited."""

    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.console = []
        self.page.on("console", self._keep_console)
        self.violations = []

    def _keep_console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def visit(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, (path, response.status)
        return self.page

    def check(self, label=None, blocked_on_purpose=None):
        """Adds what was blocked since the last check, under the page's address (or `label`); a
        block of `blocked_on_purpose` (an address prefix) is what the page is meant to cause."""
        label = label or self.page.url.removeprefix(self.base_url)
        events = self.page.evaluate("() => window.cspViolations.splice(0)")
        found = [f"{e['directive']} blocked {e['blocked'] or '?'} ({e['source']})" for e in events]
        found += self.console
        self.console = []
        if blocked_on_purpose:
            found = [violation for violation in found if blocked_on_purpose not in violation]
        self.violations += [f"{label}: {violation}" for violation in found]

    def log_in(self, username, password="pw"):
        self.visit("/admin/login/")
        self.check()
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        expect(self.page).not_to_have_url(re.compile("/admin/login/"))
        self.check("after login")

    def close(self):
        self.context.close()


@pytest.fixture
def browsing(browser, catalogue_url):
    session = Browsing(browser, catalogue_url)
    yield session
    session.close()


def markers_on_the_map(page):
    expect(page.locator("#map[data-ready=true]")).to_be_attached()
    expect(page.locator("#map .leaflet-marker-icon").first).to_be_visible()
    return page.locator("#map .leaflet-marker-icon").count()


def test_public_pages_work_under_the_policy(browsing):
    for path in PUBLIC_PAGES:
        page = browsing.visit(path)
        if page.locator("#map").count():
            assert markers_on_the_map(page) > 0, path
        if path.startswith(("/reports/compare/", "/reports/sme-access/")):
            # The charts take their colours from reports/charts.css, not from a <style> of their own.
            bar = page.locator("figure.chart .color-0 rect").first
            expect(bar).to_have_css("fill", "rgb(29, 78, 137)")
        browsing.check()

    # A facet ticked on the search page brings its results into this same page (no new document).
    page = browsing.visit("/search/")
    assert markers_on_the_map(page) > 0
    page.evaluate("() => { window.samePage = true; }")
    heading = page.locator("#results-heading").inner_text()
    page.locator("#facets fieldset.facet input[type=checkbox]").first.check()
    expect(page.locator("#results-heading")).not_to_have_text(heading)
    expect(page).to_have_url(re.compile(r"\?.+="))
    assert page.evaluate("() => window.samePage === true")
    assert markers_on_the_map(page) > 0
    browsing.check("/search/ after a facet")

    # An access request: refused once (the list of problems takes the focus), then sent.
    page = browsing.visit(f"/infrastructures/{ENTRY}/request/")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("#form-errors")).to_be_focused()
    browsing.check("request form with errors")
    page.get_by_label("Company name").fill("Acme Sensors BV")
    page.get_by_label("Country").select_option("BE")
    page.get_by_label("VAT or enterprise number").fill("0403.170.701")
    page.get_by_label(re.compile(r"^Small")).check()
    page.get_by_label("Your name").fill("An Peeters")
    page.get_by_label("Your e-mail address").fill("an@acme.example")
    page.get_by_label("What do you need?").fill("Printing test runs of flexible sensor foils.")
    page.get_by_label(re.compile("agree that this request")).check()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request was sent")
    browsing.check()

    page = browsing.visit(f"/infrastructures/{ENTRY}/report/")
    page.get_by_label("What is out of date or wrong?").fill("The pilot line moved to Eindhoven.")
    page.get_by_role("button", name=re.compile("Send")).click()
    expect(page).to_have_url(re.compile("/report/sent/"))
    browsing.check()

    assert not browsing.violations, "\n".join(browsing.violations)


def test_the_api_documentation_and_browsable_api_work_under_the_policy(browsing):
    page = browsing.visit("/api/v1/docs/")
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    assert page.locator("#swagger-ui .opblock").count() > 10
    page.locator("#swagger-ui .opblock-summary").first.click()  # an operation opens
    expect(page.locator("#swagger-ui .opblock-body").first).to_be_visible()
    browsing.check()

    page = browsing.visit("/api/v1/redoc/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("RII catalogue API")
    expect(page.locator("[data-section-id]").first).to_be_attached()
    page.get_by_placeholder("Search...").fill("regions")  # the search runs in a worker
    expect(page.locator("[data-role='search:results'] [role=menuitem]").first).to_be_visible()
    page.wait_for_function(f"() => window.cspViolations.some(v => v.blocked.startsWith('{REDOC_LOGO}'))")
    browsing.check(blocked_on_purpose=REDOC_LOGO)

    for path in ("/api/v1/", "/api/v1/infrastructures/", f"/api/v1/infrastructures/{ENTRY}/"):
        page = browsing.visit(path)
        expect(page.locator(".response-info")).to_contain_text("HTTP 200")
        browsing.check()

    # Signed in, the browsable API adds its forms to write.
    make_user("root", superuser=True)
    browsing.log_in("root")
    for path in ("/api/v1/infrastructures/", f"/api/v1/infrastructures/{ENTRY}/"):
        page = browsing.visit(path)
        expect(page.locator("form").first).to_be_attached()
        browsing.check()

    assert not browsing.violations, "\n".join(browsing.violations)


def curation_work(user):
    """What the admin and curation pages of a Flanders curator show: an entry with its funding rows,
    an access request and an outdated-information report to handle, an import job still running
    (its page follows it) and one done."""
    entry = Infrastructure.objects.get(slug="familiar-lommel")
    request = factories.access_request(infrastructure=entry)
    OutdatedInformationReport.objects.create(infrastructure=entry, message="The lab moved to Genk.")
    jobs = {
        state: Job.objects.create(
            kind=Job.Kind.IMPORT, step=Job.Step.CHECK, state=state, user=user, filename="labs.csv", total=10,
            done=3 if state == Job.State.RUNNING else 10,
        )
        for state in (Job.State.RUNNING, Job.State.DONE)
    }  # fmt: skip
    return entry, request, jobs


@pytest.mark.parametrize("role", ["superuser", "regional manager"])
def test_admin_and_curation_pages_work_under_the_policy(browsing, role):
    if role == "superuser":
        user = make_user("root", superuser=True)
    else:
        flanders = Region.objects.get(slug="flanders")
        user = make_user("curator", role=roles.REGIONAL_MANAGER, regions=[flanders])
    entry, request, jobs = curation_work(user)
    browsing.log_in(user.username)

    # The admin: its index, every list it links to, an entry's forms with their inlines, its history.
    page = browsing.visit("/admin/")
    changelists = page.locator("#content-main tr[class^=model-] th a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert "/admin/infrastructures/infrastructure/" in changelists
    browsing.check()
    for path in changelists:
        expect(browsing.visit(path).locator("#changelist")).to_be_visible()
        browsing.check()
    page = browsing.visit(f"/admin/infrastructures/infrastructure/{entry.pk}/change/")
    expect(page.locator(".select2-container").first).to_be_visible()  # the pickers started
    page.locator("#funding_records-group .add-row a").click()
    expect(page.locator("#funding_records-1")).to_be_visible()
    browsing.check()
    expect(browsing.visit("/admin/infrastructures/infrastructure/add/").locator("form")).not_to_have_count(0)
    browsing.check()
    page = browsing.visit(f"/admin/infrastructures/infrastructure/{entry.pk}/history/")
    expect(page.locator("#content h1")).to_be_visible()
    browsing.check()

    # The curation pages.
    for path in (
        "/curation/",
        "/curation/requests/",
        f"/curation/requests/{request.reference}/",
        "/curation/outdated-information/",
        "/curation/quality/",
        "/curation/import/",
        f"/curation/jobs/{jobs[Job.State.DONE].pk}/",
    ):
        expect(browsing.visit(path).locator("h1")).to_be_visible()
        browsing.check()
    # A running job's page asks for its progress and shows it in place (job.js).
    running = jobs[Job.State.RUNNING]
    page = browsing.visit(f"/curation/jobs/{running.pk}/")
    expect(page.locator("[data-job-percent]")).to_have_attribute("value", "30")
    Job.objects.filter(pk=running.pk).update(done=6)
    expect(page.locator("[data-job-percent]")).to_have_attribute("value", "60")
    browsing.check()

    assert not browsing.violations, "\n".join(browsing.violations)
