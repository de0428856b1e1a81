"""The downloads of the open-data page as an integrator fetches them: the whole published catalogue
and nothing else, in each format; the JSON as the API gives it; the CSV files and the workbook back
through the spreadsheet import unchanged; the licence in every one; ETag, Last-Modified and 304."""

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils.http import http_date
from openpyxl import load_workbook

from infrastructures.columns import SHEETS_BY_NAME
from infrastructures.models import Job
from opendata import services
from opendata.downloads import DOWNLOADS, DOWNLOADS_BY_NAME
from opendata.models import PublishedFile
from opendata.writers.records import API_LISTS
from tests.opendata.catalogue import (
    HIDDEN,
    HIDDEN_ITEM,
    PUBLISHED,
    csv_rows,
    download,
    entry_slugs,
    text_of,
)
from tests.rights import make_user
from tests.uploads import page_text, upload

pytestmark = pytest.mark.django_db
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
NAMES = [item.name for item in DOWNLOADS]
# The files that hold entries (the organisations and regions tables name none).
WITH_ENTRIES = [
    name for name in NAMES if name not in ("infrastructures-organisations.csv", "infrastructures-regions.csv")
]


@pytest.fixture
def built(catalogue):
    services.published_files_build()
    return catalogue


# Published entries only


@pytest.mark.parametrize("state", ["built", "not built yet"])
@pytest.mark.parametrize("name", NAMES)
def test_every_download_holds_the_published_entries_and_nothing_else(client, catalogue, state, name):
    if state == "built":
        services.published_files_build()
    elif name.endswith(".xlsx"):
        pytest.skip("a workbook not built yet is a 503 (see test_a_stale_workbook_is_a_503)")
    response, body = download(client, name)
    assert response.status_code == 200
    text = text_of(name, body)
    for slug in HIDDEN:
        assert slug not in text
    assert HIDDEN_ITEM not in text
    if name in WITH_ENTRIES:
        related = name.startswith("infrastructures-")  # rows of the entries that have such rows
        assert entry_slugs(name, body) == ({"published-a"} if related else set(PUBLISHED))


def test_the_tables_hold_what_the_published_entries_name(client, built):
    _response, body = download(client, "infrastructures-equipment.csv")
    assert [row["name_en"] for row in csv_rows(body)] == ["Femtosecond laser", "Prober"]
    _response, body = download(client, "infrastructures-organisations.csv")
    assert {row["slug"] for row in csv_rows(body)} == {"owner-a", "owner-b"}  # owner and operator
    _response, body = download(client, "infrastructures-prices.csv")
    assert sorted((row["infrastructure"], row["tier"]) for row in csv_rows(body)) == [
        ("published-a", "large_company"),
        ("published-a", "sme"),
    ]


def test_the_json_is_what_the_api_gives_an_anonymous_client(client, catalogue, settings):
    settings.SITE_URL = "http://testserver"  # the API's addresses are the test client's
    services.published_files_build()
    _response, body = download(client, "rii-catalogue.json")
    data = json.loads(body)
    assert set(data) == {"licence", "modified", *API_LISTS}
    for key, basename in API_LISTS.items():
        assert data[key] == every_page(client, reverse(f"api:{basename}-list")), key
    assert [item["name_en"] for item in data["equipment"]] == ["Femtosecond laser", "Prober"]
    assert {entry["slug"] for entry in data["infrastructures"]} == set(PUBLISHED)


def every_page(client, url):
    results = []
    while url:
        page = client.get(url, {"page_size": 100} if "?" not in url else {}).json()
        results += page["results"]
        url = page["next"]
    return results


def test_the_json_ld_describes_the_dataset_and_each_record_as_the_pages_do(client, built):
    _response, body = download(client, "rii-catalogue.jsonld")
    data = json.loads(body)
    assert data["@context"] == "https://schema.org"
    head, *records = data["@graph"]
    assert head["@type"] == "Dataset" and head["license"] == LICENCE
    assert head["name"] and head["description"] and head["dateModified"] and head["publisher"]["name"]
    assert {item["encodingFormat"] for item in head["distribution"]} >= {"text/csv", "application/json"}
    entry = next(node for node in records if node["@type"] == "Place" and "published-a" in node["url"])
    assert entry["@id"] == entry["url"] and entry["subjectOf"] == {"@id": head["@id"]}
    assert entry["name"] == '=SUM(1,2) "quoted" lab'  # English, as stored: JSON runs no formula
    assert {item["name"] for item in entry["owner"]["owns"]} == {"Femtosecond laser", "Prober"}
    assert {node["@type"] for node in records} >= {
        "Place",
        "Organization",
        "AdministrativeArea",
        "DefinedTerm",
    }


# Back through the import


def test_each_csv_file_and_the_workbook_go_back_through_the_import_unchanged(client, built):
    """A curator importing the downloaded files gets a plan without a single change."""
    client.force_login(built.users["manager_a"])
    files = [name for name in NAMES if name.endswith((".csv", ".xlsx"))]
    for name in files:
        if name == "infrastructures-prices.csv":
            continue  # prices go back with their access conditions (the workbook holds both)
        _response, body = download(client, name)
        page = upload(client, body, name)
        assert page.status_code == 200, (name, page_text(page))
        job = Job.objects.latest("pk")
        assert job.state == Job.State.CHECKED, (name, page_text(page))
        assert job.result["writes"] is False, (name, job.result["changes"])
        assert not job.result.get("warnings"), name
    workbook_job = Job.objects.get(filename="infrastructures.xlsx")
    assert workbook_job.result["unchanged"] == len(PUBLISHED)


def test_the_seed_catalogue_goes_back_through_the_import_unchanged(client, seed):
    services.published_files_build()
    client.force_login(make_user("admin", superuser=True))
    for name in ("infrastructures.xlsx", "infrastructures.csv", "infrastructures-access_conditions.csv"):
        upload(client, download(client, name)[1], name)
        job = Job.objects.latest("pk")
        assert job.state == Job.State.CHECKED and job.result["writes"] is False, (name, job.result)
        assert job.result["unchanged"] > 0


# The licence


def test_every_download_names_its_licence(client, built):
    for name in NAMES:
        response, body = download(client, name)
        assert response["Link"] == f'<{LICENCE}>; rel="license"', name
    _response, body = download(client, "rii-catalogue.json")
    assert json.loads(body)["licence"]["url"] == LICENCE
    _response, body = download(client, "rii-catalogue.jsonld")
    assert json.loads(body)["@graph"][0]["license"] == LICENCE
    _response, body = download(client, "infrastructures.xlsx")
    notes = load_workbook(io.BytesIO(body), read_only=True)["columns"]
    assert any(LICENCE in str(cell) for row in notes.iter_rows(values_only=True) for cell in row)
    _response, body = download(client, "rii-catalogue-csv.zip")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        package = json.loads(archive.read("datapackage.json"))
        assert LICENCE in archive.read("LICENCE.txt").decode()
    assert package["licenses"] == [{"path": LICENCE, "title": "CC BY 4.0"}]


def test_the_zip_holds_every_csv_file_described_by_its_data_package(client, built):
    _response, body = download(client, "rii-catalogue-csv.zip")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        package = json.loads(archive.read("datapackage.json"))
        members = {name: archive.read(name) for name in archive.namelist()}
    assert package["profile"] == "tabular-data-package" and package["name"] == "rii-catalogue"
    csv_names = [name for name in NAMES if name.endswith(".csv")]
    assert [resource["path"] for resource in package["resources"]] == csv_names
    for resource in package["resources"]:
        assert members[resource["path"]] == download(client, resource["path"])[1]  # the same bytes
        header = members[resource["path"]].decode("utf-8-sig").splitlines()[0].split(",")
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header == SHEETS_BY_NAME[resource["name"]].column_names
        assert all(field["type"] and field["description"] for field in fields)
    infrastructures = package["resources"][0]["schema"]
    types = {field["name"]: field["type"] for field in infrastructures["fields"]}
    assert (
        types["trl_min"] == "integer"
        and types["latitude"] == "number"
        and types["last_reviewed_on"] == "date"
    )
    descriptions = {field["name"]: field["description"] for field in infrastructures["fields"]}
    assert descriptions["name_nl"] == "Name in Dutch."  # English, whatever language asked
    assert infrastructures["primaryKey"] == ["slug"]
    assert {"fields": "owner", "reference": {"resource": "organisations", "fields": "slug"}} in (
        infrastructures["foreignKeys"]
    )


def test_files_are_written_in_english_whatever_the_language_of_the_request(client, catalogue):
    response = client.get("/nl/open-data/files/rii-catalogue-csv.zip")  # not built: streamed now
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        package = json.loads(archive.read("datapackage.json"))
    assert package["resources"][0]["schema"]["fields"][2]["description"] == "Name in Dutch."


# HTTP: validators, conditional requests, types


def test_a_built_file_is_served_with_its_checksum_as_etag_and_its_data_date(client, built):
    for name in NAMES:
        stored = PublishedFile.objects.get(name=name)
        response, body = download(client, name)
        assert response.status_code == 200
        assert response["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"' == f'"{stored.sha256}"'
        assert len(body) == stored.size
        assert response["Last-Modified"] == http_date(stored.data_modified.timestamp())
        assert response["Content-Type"].startswith(DOWNLOADS_BY_NAME[name].media_type)
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        again = client.get(f"/open-data/files/{name}", HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304 and again["ETag"] == response["ETag"]
        since = client.get(f"/open-data/files/{name}", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert since.status_code == 304
        other = client.get(f"/open-data/files/{name}", HTTP_IF_NONE_MATCH='"another-version"')
        assert other.status_code == 200
        head = client.head(f"/open-data/files/{name}")
        assert head.status_code == 200 and head["ETag"] == response["ETag"]
        assert head["Content-Length"] == str(stored.size)


def test_zip_files_are_not_gzipped_again_but_csv_is(client, built):
    for name in ("rii-catalogue-csv.zip", "infrastructures.xlsx"):
        response, body = download(client, name, HTTP_ACCEPT_ENCODING="gzip")
        assert not response.has_header("Content-Encoding")
        assert response["ETag"] == f'"{PublishedFile.objects.get(name=name).sha256}"'  # still strong
        zipfile.ZipFile(io.BytesIO(body)).testzip()
    response, _body = download(client, "infrastructures.csv", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert (
        client.get("/open-data/files/infrastructures.csv", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_an_unknown_file_is_a_404_and_a_post_a_405(client, built):
    assert client.get("/open-data/files/secrets.csv").status_code == 404
    assert client.get("/open-data/files/..%2Fdb.sqlite3").status_code == 404
    assert client.post("/open-data/files/infrastructures.csv").status_code == 405


def test_a_stale_workbook_is_a_503_that_says_when_to_come_back(client, catalogue):
    response = client.get("/open-data/files/infrastructures.xlsx")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "try again" in page_text(response)
    # The request queued a build (the tests' backend runs it at once): the workbook is there now.
    response, body = download(client, "infrastructures.xlsx")
    assert response.status_code == 200 and entry_slugs("infrastructures.xlsx", body) == set(PUBLISHED)
