"""Every door answers with the catalogue's strict Content-Security-Policy: scripts, styles and fonts
only from our own files (no inline code, no eval, no nonce: a cached page stays valid), and the
HTML of the pages carries nothing inline that the policy would block. Redoc's two exceptions stay on
its page alone. tests/browser/test_content_security_policy.py proves the pages work in Chromium."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings

from infrastructures.models import Infrastructure, Job
from regions import roles
from regions.models import Region
from tests import factories
from tests.rights import make_user

ENTRY = "flexlines-pilot-line"
PUBLIC_PAGES = [
    "/",
    "/search/?q=pilot+line&theme=photonics",
    f"/infrastructures/{ENTRY}/",
    f"/infrastructures/{ENTRY}/request/",
    f"/infrastructures/{ENTRY}/report/",
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
    f"/nl/infrastructures/{ENTRY}/",
]
API_DOCUMENTS = ["/api/v1/", "/api/v1/infrastructures/", f"/api/v1/infrastructures/{ENTRY}/"]


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']}: no Content-Security-Policy header"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def assert_strict(response, *, styles=("'self'",)):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == list(styles)
    assert directives["font-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


class InlineCode(HTMLParser):
    """What an HTML page carries inline that a policy without 'unsafe-inline' blocks: <script> with
    code (data blocks such as JSON-LD are not code), <style>, style="" and on...="" attributes."""

    DATA_TYPES = {"application/ld+json", "application/json"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") not in self.DATA_TYPES:
            self.found.append(f"<script> line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> line {self.getpos()[0]}")
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{name}= on <{tag}> line {self.getpos()[0]}")


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


def test_the_setting_names_no_unsafe_source():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name in ("script-src", "style-src", "default-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:"} & set(
            directives[name]
        ), name


def test_public_pages_have_the_strict_policy_and_nothing_inline(client, seed):
    inline = {}
    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)
        inline[path] = inline_code(response)
    assert {path: found for path, found in inline.items() if found} == {}


def test_images_come_from_the_catalogue_and_the_maps_tile_server_alone(client, seed):
    tile_server = "{0.scheme}://{0.netloc}".format(urlsplit(settings.MAP_TILE_URL))
    assert policy(client.get("/search/"))["img-src"] == ["'self'", "data:", tile_server]


def test_the_api_answers_with_the_strict_policy_as_json_and_as_html(client, seed):
    assert_strict(client.get("/api/v1/schema/"))
    for path in API_DOCUMENTS:
        assert_strict(client.get(path, HTTP_ACCEPT="application/json"))
        browsable = client.get(path, HTTP_ACCEPT="text/html")
        assert browsable["Content-Type"].startswith("text/html"), path
        assert_strict(browsable)
        assert inline_code(browsable) == [], path


def test_the_browsable_apis_forms_carry_nothing_inline(client, seed):
    client.force_login(make_user("root", superuser=True))
    for path in ("/api/v1/infrastructures/", f"/api/v1/infrastructures/{ENTRY}/"):
        response = client.get(path, HTTP_ACCEPT="text/html")
        assert "<form" in response.content.decode()
        assert_strict(response)
        assert inline_code(response) == [], path


def test_swagger_ui_runs_under_the_strict_policy_with_its_script_a_file(client, seed):
    page = client.get("/api/v1/docs/")
    assert_strict(page)
    assert inline_code(page) == []
    assert "/api/v1/docs/?script=" in page.content.decode()
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_redocs_exceptions_stay_on_its_page(client, seed):
    response = client.get("/api/v1/redoc/")
    assert_strict(response, styles=("'self'", "'unsafe-inline'"))
    assert policy(response)["worker-src"] == ["'self'", "blob:"]
    assert inline_code(response) == []  # Redoc's own code still comes from a file
    assert "fonts.googleapis.com" not in response.content.decode()
    for path in ("/api/v1/docs/", "/", "/api/v1/infrastructures/"):
        assert "worker-src" not in policy(client.get(path)), path


def test_admin_and_curation_pages_have_the_strict_policy(client, seed):
    assert_strict(client.get("/admin/login/"))
    manager = make_user("curator", role=roles.REGIONAL_MANAGER, regions=[Region.objects.get(slug="flanders")])
    entry = Infrastructure.objects.get(slug="familiar-lommel")
    request = factories.access_request(infrastructure=entry)
    job = Job.objects.create(
        kind=Job.Kind.IMPORT, step=Job.Step.CHECK, state=Job.State.RUNNING, user=manager, total=4
    )
    client.force_login(manager)
    for path in (
        "/admin/",
        "/admin/infrastructures/infrastructure/",
        f"/admin/infrastructures/infrastructure/{entry.pk}/change/",
        f"/admin/infrastructures/infrastructure/{entry.pk}/history/",
        "/curation/",
        "/curation/requests/",
        f"/curation/requests/{request.reference}/",
        "/curation/quality/",
        "/curation/import/",
        f"/curation/jobs/{job.pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)
        assert inline_code(response) == [], path
