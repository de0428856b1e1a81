"""Pages that stay small as the catalogue grows: the region, theme, organisation and cluster pages
list their entries a page at a time while their totals and breakdowns still count every entry;
counts grouped in the database are right however the rows sort; HTML travels compressed."""

import csv
import gzip
import io
import json
import re

import pytest
from django.urls import reverse

from access.models import AccessCondition
from infrastructures.models import Cluster, Infrastructure
from infrastructures.views.public import RESULTS_PER_PAGE
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = Infrastructure.PublicationState.PUBLISHED, Infrastructure.PublicationState.DRAFT
KINDS = [Infrastructure.Kind.LAB, Infrastructure.Kind.PILOT_LINE, Infrastructure.Kind.TEST_BED]


def text(response):
    return response.content.decode()


def results(response):
    return re.findall(r'<article class="result">\s*<h3><a href="/infrastructures/([^/]+)/"', text(response))


def make_catalogue(count):
    """`count` published entries of one owner in one region and theme, every other one also
    operated by a second organisation; a cluster of both; a draft alongside."""
    region = factories.region(slug="scale-region", name_en="Scale region")
    theme = factories.theme(slug="scale-theme", name_en="Scale theme")
    owner = factories.organisation(slug="scale-owner", name_en="Scale owner", region=region)
    operator = factories.organisation(slug="scale-operator", name_en="Scale operator", region=region)
    cluster = Cluster.objects.create(
        slug="scale-cluster", name="Scale cluster", kind="spearhead", region=region
    )
    cluster.members.add(owner)
    for n in range(count):
        entry = factories.infrastructure(
            slug=f"entry-{n:04d}", name_en=f"Entry {n:04d}", kind=KINDS[n % 3],
            owner=owner, region=region, themes=[theme],
        )  # fmt: skip
        if n % 2:
            entry.operators.add(operator)
    draft = factories.infrastructure(
        slug="hidden-draft", name_en="Entry 0000 draft", kind=Infrastructure.Kind.CLEANROOM,
        owner=owner, region=region, themes=[theme], publication_state=DRAFT,
    )  # fmt: skip
    draft.operators.add(operator)
    return {"region": region, "theme": theme, "owner": owner, "operator": operator, "cluster": cluster}


def page_urls(catalogue):
    return {
        "region": catalogue["region"].get_absolute_url(),
        "theme": catalogue["theme"].get_absolute_url(),
        "owner": catalogue["owner"].get_absolute_url(),
        "operator": catalogue["operator"].get_absolute_url(),
        "cluster": catalogue["cluster"].get_absolute_url(),
    }


# The filter of the search that lists the same entries, where the search has one.
SEARCH_LINKS = {
    "region": "?region=scale-region",
    "theme": "?theme=scale-theme",
    "owner": "?owner=scale-owner",
    "operator": None,  # no operator filter in the search
    "cluster": None,  # no cluster filter in the search
}


# Not "page": pytest-playwright's fixture of that name would make these browser tests.
@pytest.mark.parametrize("listing", ["region", "theme", "owner", "operator", "cluster"])
def test_entry_lists_come_a_page_at_a_time_and_say_how_many(client, listing):
    catalogue = make_catalogue(45)
    url = page_urls(catalogue)[listing]
    expected = 22 if listing == "operator" else 45  # the operator runs every other entry
    first = client.get(url)
    assert first.status_code == 200
    assert len(results(first)) == RESULTS_PER_PAGE
    assert f"{expected} infrastructures" in text(first)
    assert 'rel="next" href="?page=2"' in text(first)
    listed = [*results(first)]
    number = 2
    while True:
        response = client.get(url, {"page": number})
        assert response.status_code == 200
        listed += results(response)
        if 'rel="next"' not in text(response):
            break
        number += 1
    assert number == -(-expected // RESULTS_PER_PAGE)  # every page reached, none more
    assert len(listed) == len(set(listed)) == expected  # each entry once, in a stable order
    assert "hidden-draft" not in listed
    if SEARCH_LINKS[listing]:
        search = reverse("catalogue:search") + SEARCH_LINKS[listing]
        assert f'href="{search}"' in text(first)
        assert client.get(search).context["page"].paginator.count == expected


def test_organisation_list_names_what_it_owns_and_what_it_operates(client):
    catalogue = make_catalogue(5)
    other_owner = factories.organisation(slug="other-owner", name_en="Other owner")
    operated = factories.infrastructure(slug="operated-only", name_en="Aaa operated", owner=other_owner)
    operated.operators.add(catalogue["owner"])
    page = text(client.get(catalogue["owner"].get_absolute_url()))
    assert "6 infrastructures" in page
    assert "It owns 5 and operates 1." in page
    assert "operated-only" in page  # operated entries are in the same list
    assert "hidden-draft" not in page
    assert 'href="/search/?owner=scale-owner">The 5 it owns, in the search' in page
    page = text(client.get(catalogue["operator"].get_absolute_url()))
    assert "2 infrastructures" in page and "It operates these; each names its owner." in page
    assert "/search/?owner=" not in page  # the search has no operator filter
    page = text(client.get(factories.organisation().get_absolute_url()))
    assert "0 infrastructures" in page and "No published infrastructures yet." in page


def test_a_page_number_that_is_no_page_is_a_404(client):
    catalogue = make_catalogue(45)  # three pages
    for url in page_urls(catalogue).values():
        assert client.get(url, {"page": ""}).status_code == 200  # no number: the first page
        for number in ("abc", "0", "-1", "4", "999", "1.5", "1e3", "9" * 5000, " ", "\x00"):
            assert client.get(url, {"page": number}).status_code == 404, (url, number)


def test_breakdowns_count_every_entry_not_just_the_page(client):
    catalogue = make_catalogue(45)
    page = text(client.get(catalogue["region"].get_absolute_url()))
    for label in ("Lab", "Pilot line", "Test bed"):
        assert re.search(rf">{label}</a> <span class=\"count\">15</span>", page), label
    assert re.search(r'>Scale theme</a> <span class="count">45</span>', page)
    page = text(client.get(catalogue["theme"].get_absolute_url()))
    assert re.search(r">Scale region</a> \(45\)", page)


# Counts grouped in the database: a model's default ordering (here the entry's name, rewritten
# by django-modeltranslation into an explicit ORDER BY) must not join the GROUP BY.


def test_a_region_with_four_labs_named_apart_shows_lab_4_once(client):
    region = factories.region(slug="labs-region")
    for name in ("Alpha lab", "Delta lab", "Kilo lab", "Zulu lab"):
        factories.infrastructure(name_en=name, region=region, owner=factories.organisation(region=region))
    factories.infrastructure(name_en="Echo line", kind=Infrastructure.Kind.PILOT_LINE, region=region)
    page = text(client.get(region.get_absolute_url()))
    by_kind = re.search(r'id="by-kind-heading".*?</ul>', page, re.S).group(0)
    assert re.findall(r">([^<>]+)</a> <span class=\"count\">(\d+)</span>", by_kind) == [
        ("Lab", "4"),
        ("Pilot line", "1"),
    ]


def test_a_theme_page_counts_each_region_once(client):
    theme = factories.theme(slug="counted-theme")
    region = factories.region(name_en="Counted region")
    for name in ("Alpha", "Mike", "Zulu"):
        factories.infrastructure(name_en=name, region=region, themes=[theme])
    page = text(client.get(theme.get_absolute_url()))
    assert page.count("Counted region</a> (3)") == 1
    assert "Counted region</a> (1)" not in page


def test_the_access_mode_facet_counts_each_mode_once(client):
    for name in ("Alpha", "Mike", "Zulu"):
        entry = factories.infrastructure(name_en=name)
        AccessCondition.objects.create(infrastructure=entry, access_mode=AccessCondition.AccessMode.WIDE)
    page = text(client.get(reverse("catalogue:search")))
    assert re.findall(r'>Wide <span class="count">\((\d+)\)</span>', page) == ["3"]


# Queries and size stay flat as the catalogue grows.


@pytest.mark.parametrize("count", [30, 300])
def test_page_queries_and_size_stay_flat(client, django_assert_max_num_queries, count):
    catalogue = make_catalogue(count)
    # A page of entries reads its ids, then its rows (rii_catalogue.pagination).
    budgets = {"region": 9, "theme": 8, "owner": 10, "operator": 10, "cluster": 7}
    for page, url in page_urls(catalogue).items():
        last = -(-client.get(url).context["page"].paginator.count // RESULTS_PER_PAGE)
        for number in {1, 2, last} & set(range(1, last + 1)):
            with django_assert_max_num_queries(budgets[page]):
                response = client.get(url, {"page": number})
            assert response.status_code == 200
            assert len(results(response)) <= RESULTS_PER_PAGE
            assert len(response.content) < 60_000, (page, len(response.content))


# Compressed HTML.


def test_html_pages_travel_gzip_compressed(client, settings):
    catalogue = make_catalogue(30)
    for url in (reverse("catalogue:search"), catalogue["region"].get_absolute_url()):
        plain = client.get(url)
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
        assert len(packed.content) < len(plain.content) / 3
        html = gzip.decompress(packed.content).decode()
        # The same page, but for the per-request CSRF token (masked differently every time).
        assert _without_csrf(html) == _without_csrf(text(plain))


def test_compressed_responses_still_answer_304_to_pollers(client):
    make_catalogue(3)
    first = client.get("/sitemap-infrastructures.xml", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and first["ETag"].startswith("W/")  # weak once compressed
    again = client.get(
        "/sitemap-infrastructures.xml", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304


def _without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_streamed_downloads_still_arrive_whole_when_compressed(client):
    from tests.rights import make_user

    catalogue = make_catalogue(30)
    client.force_login(make_user("root", superuser=True))
    response = client.get(reverse("curation:export", args=["csv"]), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Disposition"].startswith("attachment")
    body = gzip.decompress(b"".join(response.streaming_content))
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 31  # the curators' export includes the draft
    factories.programme()
    for file_format in ("csv", "json"):
        response = client.get(
            reverse("reports:funding"), {"format": file_format}, HTTP_ACCEPT_ENCODING="gzip"
        )
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
        body = gzip.decompress(b"".join(response.streaming_content))
        if file_format == "json":
            assert isinstance(json.loads(body), (dict, list))
        else:
            assert body.decode("utf-8-sig").splitlines()[0]
    assert catalogue  # the entries the export listed


def test_api_etags_stay_strong_for_clients_that_accept_gzip(client):
    """The API's ETag names the row version and is compared strongly with If-Match; compressing
    would make it weak (RFC 9110), and every write of a gzip-capable client would be a 412."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from tests.rights import make_user

    entry = factories.infrastructure(slug="api-entry")
    api = APIClient()
    token = Token.objects.create(user=make_user("root", superuser=True))
    api.credentials(HTTP_AUTHORIZATION="Token " + token.key, HTTP_ACCEPT_ENCODING="gzip")
    read = api.get(f"/api/v1/infrastructures/{entry.slug}/")
    assert read["ETag"].startswith('"')
    written = api.patch(
        f"/api/v1/infrastructures/{entry.slug}/", {"summary_en": "Mine"}, format="json",
        HTTP_IF_MATCH=read["ETag"],
    )  # fmt: skip
    assert written.status_code == 200
