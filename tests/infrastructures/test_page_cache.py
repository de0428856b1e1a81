"""Public pages are kept for anonymous visitors until the public catalogue changes: a second visit
costs two cache reads instead of the page's queries, a publication shows at once, and what a
signed-in curator or one visitor's form sees is never served to anybody else."""

import pytest
from django.db import connection, router
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext
from django.urls import path

from infrastructures import services
from infrastructures.models import Infrastructure
from infrastructures.page_cache import leave_out, public_page
from regions import roles
from rii_catalogue import db_routers
from tests import factories
from tests.rights import make_user

pytestmark = pytest.mark.django_db

State = Infrastructure.PublicationState
KEPT_PAGE_QUERIES = 2  # the catalogue's version token, then the page kept under it


@pytest.fixture(autouse=True)
def page_cache(settings):
    """On here; off for the rest of the suite (settings_test says why)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def entry():
    theme = factories.theme(slug="wind", name_en="Wind energy", name_nl="Windenergie")
    owner = factories.organisation(slug="owner")
    return factories.infrastructure(
        slug="wind-tunnel",
        name_en="Wind tunnel",
        name_nl="Windtunnel",
        owner=owner,
        region=owner.region,
        themes=[theme],
    )


def _queries(client, address, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, **extra)
    return response, len(queries.captured_queries)


def _publish(entry, to_state):
    """Through the services, as a curator would, with what runs after the commit."""
    services.infrastructure_transition(
        user=make_user(f"root-{to_state}", superuser=True),
        infrastructure=entry,
        to_state=to_state,
        origin="test",
    )


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/search/?q=wind",
        "/search/?region={region}&kind=lab",
        "/infrastructures/wind-tunnel/",
        "/organisations/owner/",
        "/regions/{region}/",
        "/themes/wind/",
        "/nl/infrastructures/wind-tunnel/",
    ],
)
def test_the_second_anonymous_visit_serves_the_kept_page_with_two_cache_reads(
    client, entry, address, django_assert_max_num_queries
):
    address = address.format(region=entry.region.slug)
    first, first_queries = _queries(client, address)
    assert first.status_code == 200
    assert first_queries > KEPT_PAGE_QUERIES + 2  # the view's own work

    with django_assert_max_num_queries(KEPT_PAGE_QUERIES):
        second = client.get(address)

    assert second.status_code == 200
    assert second.context is None  # no template rendered
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_publication_through_the_services_shows_at_once(client, entry, django_capture_on_commit_callbacks):
    draft = factories.infrastructure(slug="solar-lab", name_en="Solar lab", region=entry.region,
                                     publication_state=State.DRAFT)  # fmt: skip
    search = f"/search/?region={entry.region.slug}"
    assert b"Solar lab" not in client.get(search).content
    assert client.get("/infrastructures/solar-lab/").status_code == 404
    assert b"Solar lab" not in client.get(search).content  # the kept page

    with django_capture_on_commit_callbacks(execute=True):
        _publish(draft, State.PUBLISHED)

    assert b"Solar lab" in client.get(search).content
    assert client.get("/infrastructures/solar-lab/").status_code == 200


def test_an_entry_withdrawn_through_the_services_leaves_at_once(
    client, entry, django_capture_on_commit_callbacks
):
    assert client.get("/infrastructures/wind-tunnel/").status_code == 200
    assert client.get("/infrastructures/wind-tunnel/").status_code == 200  # kept

    with django_capture_on_commit_callbacks(execute=True):
        _publish(entry, State.ARCHIVED)

    assert client.get("/infrastructures/wind-tunnel/").status_code == 404
    assert b"Wind tunnel" not in client.get("/search/").content


def test_a_draft_never_appears_and_its_missing_page_is_not_kept(client, entry):
    factories.infrastructure(slug="hidden-lab", name_en="Hidden lab", region=entry.region,
                             publication_state=State.DRAFT)  # fmt: skip
    for _visit in range(2):
        missing, queries = _queries(client, "/infrastructures/hidden-lab/")
        assert missing.status_code == 404
        assert queries > KEPT_PAGE_QUERIES  # looked up each time: a 404 is not kept
    for _visit in range(2):
        assert b"Hidden lab" not in client.get(f"/search/?region={entry.region.slug}").content


def test_a_signed_in_curator_neither_gets_nor_fills_the_kept_page(client, entry):
    curator = make_user("curator", role=roles.REGIONAL_MANAGER, regions=[entry.region])
    client.get("/infrastructures/wind-tunnel/")  # kept for anonymous visitors

    client.force_login(curator)
    for _visit in range(2):
        response, queries = _queries(client, "/infrastructures/wind-tunnel/")
        assert response.context is not None  # rendered for the curator
        assert queries > KEPT_PAGE_QUERIES
        response = client.get("/themes/wind/")  # a page nobody kept yet: the curator's visits keep nothing
        assert response.context is not None

    client.logout()
    response, queries = _queries(client, "/themes/wind/")
    assert response.context is not None
    assert queries > KEPT_PAGE_QUERIES


def test_the_language_versions_are_kept_apart(client, entry):
    for _visit in range(2):
        english = client.get("/infrastructures/wind-tunnel/").content.decode()
        dutch = client.get("/nl/infrastructures/wind-tunnel/").content.decode()
        assert '<html lang="en">' in english
        assert '<html lang="nl">' in dutch
        assert "Windtunnel" in dutch
        assert "Windtunnel" not in english


def test_another_query_string_is_another_page(client, entry):
    factories.infrastructure(name_en="Solar lab", region=entry.region)
    for _visit in range(2):
        wind = client.get("/search/", {"q": "wind"}).content
        solar = client.get("/search/", {"q": "solar"}).content
        assert b"Wind tunnel" in wind
        assert b"Solar lab" not in wind
        assert b"Solar lab" in solar
        assert b"Wind tunnel" not in solar


def test_zero_seconds_turns_it_off(client, entry, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/")
    response, queries = _queries(client, "/")
    assert response.context is not None
    assert queries > KEPT_PAGE_QUERIES


# Pages that must never be kept, on addresses of this module's own (pytest.mark.urls below); each
# notes that its view ran.

views_run = []


@public_page
def page_with_a_form(request):
    views_run.append("form")
    return HttpResponse(f'<form><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


@public_page
def page_with_a_cookie(request):
    views_run.append("cookie")
    response = HttpResponse("Welcome")
    response.set_cookie("greeted", "yes")
    return response


@public_page
def page_reading_the_session(request):
    views_run.append("session")
    return HttpResponse(f"You have seen {request.session.get('seen', 0)} pages")


@public_page
def plain_page(request):
    views_run.append("plain")
    return HttpResponse("The same for everybody")


@public_page
def page_cut_short(request):
    """As a search page whose facets were not all counted in time."""
    views_run.append("cut short")
    leave_out(request)
    return HttpResponse("Counts to follow")


urlpatterns = [
    path("cut-short/", page_cut_short),
    path("form/", page_with_a_form),
    path("cookie/", page_with_a_cookie),
    path("session/", page_reading_the_session),
    path("plain/", plain_page),
]


@pytest.fixture
def view_runs():
    views_run.clear()
    yield views_run
    views_run.clear()


@pytest.mark.urls(__name__)
def test_a_page_carrying_a_csrf_token_is_never_kept(client, view_runs):
    first = client.get("/form/")
    second = client.get("/form/")
    assert view_runs == ["form", "form"]
    assert second.content != first.content  # each response's token is masked anew
    assert "csrftoken" in second.cookies


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", ["cookie", "session", "cut short"])
def test_a_page_that_sets_a_cookie_reads_the_session_or_is_left_out_is_never_kept(client, view_runs, name):
    address = f"/{name.replace(' ', '-')}/"
    client.get(address)
    response = client.get(address)
    assert view_runs == [name, name]
    assert response.status_code == 200


@pytest.mark.urls(__name__)
def test_a_plain_page_is_kept_and_a_visitor_with_a_session_cookie_skips_it(client, view_runs, settings):
    client.get("/plain/")
    assert client.get("/plain/").content == b"The same for everybody"
    assert view_runs == ["plain"]
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone"
    client.get("/plain/")
    assert view_runs == ["plain", "plain"]


@pytest.mark.django_db(transaction=True)  # outside a transaction, which reads the primary anyway
def test_a_page_to_keep_is_read_on_the_primary_where_the_replica_may_answer(rf, settings, view_runs):
    """A lagging replica would give a page without the change that has just advanced the version,
    kept until the next one (the reads, as rii_catalogue.db_routers routes them for the view)."""
    settings.DATABASE_ROUTERS = ["rii_catalogue.db_routers.ReplicaRouter"]

    @public_page
    def page(request):
        views_run.append(router.db_for_read(Infrastructure))
        return HttpResponse("Kept")

    # What ReplicaReadsMiddleware says for an anonymous visitor when a replica is configured.
    allowed = db_routers._replica_allowed.set(True)
    try:
        elsewhere = router.db_for_read(Infrastructure)
        page(rf.get("/kept/"))
    finally:
        db_routers._replica_allowed.reset(allowed)
    assert elsewhere == db_routers.REPLICA
    assert view_runs == ["default"]


def test_a_search_whose_facets_were_not_counted_in_time_is_not_kept(client, entry, settings):
    # Under load the facets' time box may run out: that page says "too many to count" and must not
    # be what every visitor gets until the next change.
    settings.FACET_COUNTING_SECONDS = 0
    address = f"/search/?region={entry.region.slug}&kind=lab"
    first = client.get(address)
    assert not all(facet.counted for facet in first.context["facets"])
    settings.FACET_COUNTING_SECONDS = 10
    second = client.get(address)
    assert second.context is not None and all(facet.counted for facet in second.context["facets"])


API_LIST = "/api/v1/infrastructures/?region={region}&page_size=20"


def test_an_anonymous_api_list_is_kept_too_and_a_publication_shows_at_once(
    client, entry, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    address = API_LIST.format(region=entry.region.slug)
    first = client.get(address)
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    with django_assert_max_num_queries(KEPT_PAGE_QUERIES):
        second = client.get(address)
    assert second.json() == first.json() and second["Content-Type"] == "application/json"

    draft = factories.infrastructure(
        slug="new-tunnel",
        name_en="New tunnel",
        owner=entry.owner,
        region=entry.region,
        publication_state=State.DRAFT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _publish(draft, State.PUBLISHED)
    slugs = [row["slug"] for row in client.get(address).json()["results"]]
    assert slugs == ["new-tunnel", "wind-tunnel"]


def test_a_token_client_neither_gets_nor_fills_the_kept_api_list(client, entry):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    curator = make_user("api-curator", role=roles.REGIONAL_MANAGER, regions=[entry.region])
    draft = factories.infrastructure(
        slug="draft-tunnel",
        name_en="Draft tunnel",
        owner=entry.owner,
        region=entry.region,
        publication_state=State.DRAFT,
    )
    address = API_LIST.format(region=entry.region.slug)
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=curator).key)
    assert draft.slug in str(token_client.get(address).json())  # the curator sees the region's draft
    assert draft.slug not in str(client.get(address).json())  # an anonymous client never does
    assert draft.slug in str(token_client.get(address).json())


def test_the_browsable_api_page_is_not_kept(client, entry):
    address = API_LIST.format(region=entry.region.slug)
    client.get(address, headers={"accept": "text/html"})
    _response, queries = _queries(client, address, headers={"accept": "text/html"})
    assert queries > KEPT_PAGE_QUERIES
