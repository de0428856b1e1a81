"""The sitemaps search engines read: an index of sections, each a page of bounded size at a time,
every published page in both languages, never a draft."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from infrastructures import sitemaps
from infrastructures.models import Infrastructure
from tests import factories

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
SECTIONS = ["pages", "infrastructures", "organisations", "regions", "themes", "clusters"]


def xml(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def index_locations(client):
    root = xml(client.get("/sitemap.xml"))
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]


def urlset(client, location):
    root = xml(client.get(location.removeprefix("http://testserver")))
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return root.findall("sm:url", NS)


@pytest.fixture
def small_pages(monkeypatch):
    """Ten addresses a file, to see the pages without thousands of entries."""
    monkeypatch.setattr(sitemaps.CatalogueSitemap, "limit", 10)


def make_entries(count, **fields):
    owner = factories.organisation()
    return [factories.infrastructure(owner=owner, region=owner.region, **fields) for _ in range(count)]


def test_the_index_lists_each_section_and_each_page(client, small_pages):
    make_entries(12)  # 24 addresses in two languages: three pages of ten
    draft = factories.infrastructure(publication_state=Infrastructure.PublicationState.DRAFT)
    locations = index_locations(client)
    assert locations[0] == "http://testserver/sitemap-pages.xml"
    assert {location.split("?")[0] for location in locations} == {
        f"http://testserver/sitemap-{section}.xml" for section in SECTIONS
    }
    entry_pages = [location for location in locations if "infrastructures" in location]
    assert entry_pages == [
        "http://testserver/sitemap-infrastructures.xml",
        "http://testserver/sitemap-infrastructures.xml?p=2",
        "http://testserver/sitemap-infrastructures.xml?p=3",
    ]
    listed = []
    for location in locations:
        urls = urlset(client, location)
        assert len(urls) <= 10
        listed += [url.find("sm:loc", NS).text for url in urls]
    assert len(listed) == len(set(listed))  # no address twice, across pages
    entries = [url for url in listed if "/infrastructures/" in url]
    assert len(entries) == 24
    published = Infrastructure.objects.published()
    for entry in published:
        assert f"http://testserver{entry.get_absolute_url()}" in entries
        assert f"http://testserver/nl{entry.get_absolute_url()}" in entries
    assert not [url for url in listed if draft.slug in url]
    # The organisation of the draft is listed, its entry not.
    assert f"http://testserver{draft.owner.get_absolute_url()}" in listed


def test_each_address_names_its_alternates(client):
    entry = make_entries(1)[0]
    urls = urlset(client, "/sitemap-infrastructures.xml")
    assert len(urls) == 2
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
        assert alternates == {
            "en": f"http://testserver{entry.get_absolute_url()}",
            "nl": f"http://testserver/nl{entry.get_absolute_url()}",
            "x-default": f"http://testserver{entry.get_absolute_url()}",
        }
        assert url.find("sm:lastmod", NS).text == str(timezone.localdate(entry.updated_at))


def test_a_draft_never_appears(client):
    make_entries(2)
    draft = factories.infrastructure(
        slug="secret-draft", publication_state=Infrastructure.PublicationState.DRAFT
    )
    for location in index_locations(client):
        assert draft.slug not in client.get(location.removeprefix("http://testserver")).content.decode()
    draft.publication_state = Infrastructure.PublicationState.PUBLISHED
    draft.save()
    assert draft.slug in client.get("/sitemap-infrastructures.xml").content.decode()


# Not "page": pytest-playwright's fixture of that name would make these browser tests.
@pytest.mark.parametrize("number", ["999", "4", "0", "-1", "abc", "1.5", "9" * 5000])
def test_a_page_past_the_end_or_no_page_is_a_404(client, small_pages, number):
    make_entries(12)  # three pages
    assert client.get("/sitemap-infrastructures.xml", {"p": "3"}).status_code == 200
    assert client.get("/sitemap-infrastructures.xml", {"p": number}).status_code == 404


def test_an_unknown_section_is_a_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("count", [30, 300])
def test_queries_and_sizes_stay_flat(client, django_assert_max_num_queries, small_pages, count):
    make_entries(count)
    with django_assert_max_num_queries(6):  # a count per section of models, the latest change
        locations = index_locations(client)
    assert len(locations) == 5 + -(-2 * count // 10)
    for location in (locations[1], locations[-1 - 4]):  # the first and the last page of the entries
        with django_assert_max_num_queries(2):  # the count, the page's entries
            response = client.get(location.removeprefix("http://testserver"))
        assert response.status_code == 200 and len(response.content) < 10 * 600
