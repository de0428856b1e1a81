"""The open-data page in English and Dutch: what is published, the licence, the downloads, their
columns and how to harvest; its schema.org Dataset; linked from every page and in the sitemap;
a fixed number of queries however large the catalogue."""

import json
import re

import pytest

from infrastructures.columns import EQUIPMENT, INFRASTRUCTURES
from opendata import services
from opendata.downloads import DOWNLOADS
from opendata.models import PublishedFile
from tests import factories
from tests.uploads import page_text

pytestmark = pytest.mark.django_db
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def jsonld_of(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_the_page_says_what_is_published_under_which_licence_and_how_to_get_it(client, catalogue):
    services.published_files_build()
    response = client.get("/open-data/")
    assert response.status_code == 200
    html, text = response.content.decode(), page_text(response)
    assert html.count("<h1") == 1
    counts = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="number">(\d+)</td>', html))
    assert counts["Infrastructures"] == "2"  # the published ones: no draft, review or archive
    assert counts["Equipment items"] == "2"
    assert counts["Organisations"] == "2" and counts["Regions"] == "2"
    assert f'<a href="{LICENCE}" rel="license">CC BY 4.0</a>' in html
    for download in DOWNLOADS:
        assert f'href="/open-data/files/{download.name}"' in html
        size = PublishedFile.objects.get(name=download.name).size
        assert size > 0
    assert "being updated" not in text and "being built" not in text
    for column in (*INFRASTRUCTURES.columns, *EQUIPMENT.columns):
        assert f"<code>{column.name}</code>" in html
    assert "Name in English." in html
    assert "<code>updated_since</code>" in html and 'href="/api/v1/tombstones/"' in html
    assert 'href="/open-data/catalog.ttl"' in html and 'href="/open-data/catalog.jsonld"' in html
    assert 'href="/api/v1/docs/"' in html
    # Every table has headers; the column tables say which columns are required.
    assert html.count("<table") == html.count("<thead>") + 1  # the counts' table has row headers only
    assert '<th scope="col">Required</th>' in html


def test_the_page_describes_the_dataset_for_search_engines(client, catalogue):
    services.published_files_build()
    data = jsonld_of(client.get("/open-data/").content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["name"] and len(data["description"]) >= 50
    assert data["license"] == LICENCE and data["dateModified"]
    assert data["creator"]["name"] and data["publisher"]["@type"] == "Organization"
    assert len(data["distribution"]) == len(DOWNLOADS)
    for item, download in zip(data["distribution"], DOWNLOADS, strict=True):
        assert item["@type"] == "DataDownload"
        assert item["contentUrl"] == f"http://testserver/open-data/files/{download.name}"
        assert item["encodingFormat"] == download.media_type


def test_the_page_in_dutch(client, catalogue):
    response = client.get("/nl/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'href="/nl/open-data/files/infrastructures.csv"' in html
    assert "wordt aangemaakt" in page_text(response)  # "being built": the links stream the current data


def test_every_page_links_to_it_and_the_sitemap_lists_it_in_both_languages(client, catalogue):
    for path in ("/", "/nl/", "/search/", "/infrastructures/published-a/"):
        html = client.get(path).content.decode()
        assert re.search(r'href="(/nl)?/open-data/"', html), path
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "http://testserver/open-data/" in sitemap and "http://testserver/nl/open-data/" in sitemap


@pytest.mark.parametrize("entries", [3, 30])
def test_the_page_costs_the_same_queries_however_large_the_catalogue(
    client, db, entries, django_assert_max_num_queries
):
    owner = factories.organisation()
    for _number in range(entries):
        factories.infrastructure(owner=owner, region=owner.region)
    services.published_files_build()
    with django_assert_max_num_queries(20):
        assert client.get("/open-data/").status_code == 200
