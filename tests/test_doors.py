"""Every door, one rule: a manager of Flanders can see, change, publish, import or export nothing of
South Netherlands; a managing authority reads everything and changes nothing."""

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from infrastructures.models import Infrastructure
from tests.rights import make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return make_cast()


def login(client, cast, who):
    client.force_login(cast.users[who])
    return client


def change_url(entry):
    return reverse("admin:infrastructures_infrastructure_change", args=[entry.pk])


def test_admin_list_shows_only_the_managers_regions(client, cast):
    page = login(client, cast, "manager_a").get(reverse("admin:infrastructures_infrastructure_changelist"))
    assert page.status_code == 200
    listed = page.context["cl"].result_list
    assert {entry.slug for entry in listed} == {"published-a", "draft-a"}


def test_admin_change_page_of_another_region_is_closed(client, cast):
    client = login(client, cast, "manager_a")
    assert client.get(change_url(cast.draft_a)).status_code == 200
    response = client.get(change_url(cast.draft_b))
    assert response.status_code == 302  # "does not exist" back to the admin index
    response = client.post(change_url(cast.draft_b), {"name_en": "Taken over"})
    assert response.status_code in (302, 403)
    cast.draft_b.refresh_from_db()
    assert cast.draft_b.name_en != "Taken over"
    history = reverse("admin:infrastructures_infrastructure_history", args=[cast.draft_b.pk])
    assert client.get(history).status_code in (302, 403, 404)


def test_admin_form_offers_only_managed_regions_and_owners(client, cast):
    page = login(client, cast, "manager_a").get(reverse("admin:infrastructures_infrastructure_add"))
    form = page.context["adminform"].form
    assert list(form.fields["region"].queryset) == [cast.region_a]
    assert [o.slug for o in form.fields["owner"].queryset] == ["owner-a"]


def test_admin_action_cannot_publish_another_regions_draft(client, cast):
    client = login(client, cast, "manager_a")
    response = client.post(
        reverse("admin:infrastructures_infrastructure_changelist"),
        {"action": "move_to_published", "_selected_action": [cast.draft_b.pk, cast.draft_a.pk]},
    )
    assert response.status_code == 302
    cast.draft_a.refresh_from_db()
    cast.draft_b.refresh_from_db()
    assert cast.draft_a.publication_state == "published"
    assert cast.draft_b.publication_state == "draft"


def test_api_door(cast):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=cast.users["manager_a"]).key)
    assert client.get("/api/v1/infrastructures/draft-b/").status_code == 404
    assert (
        client.patch("/api/v1/infrastructures/draft-b/", {"name_en": "x"}, format="json").status_code == 404
    )
    assert (
        client.patch("/api/v1/infrastructures/published-b/", {"name_en": "x"}, format="json").status_code
        == 403
    )


def upload(client, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["slug", "name_en", "kind", "owner", "region"])
    writer.writerows(rows)
    file = io.BytesIO(buffer.getvalue().encode())
    file.name = "entries.csv"
    return client.post(reverse("curation:import"), {"file": file})


def test_import_door_refuses_rows_of_another_region(client, cast):
    client = login(client, cast, "manager_a")
    response = upload(client, [
        ["draft-b", "Taken over", "lab", "owner-b", "south-netherlands"],
        ["brand-new", "New lab", "lab", "owner-b", "south-netherlands"],
    ])  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "This entry belongs to a region you do not manage." in page
    assert "You do not manage the region South Netherlands." in page
    assert not Infrastructure.objects.filter(slug="brand-new").exists()
    assert Infrastructure.objects.get(slug="draft-b").name_en != "Taken over"


def test_export_door_holds_only_the_managers_regions(client, cast):
    response = login(client, cast, "manager_a").get(reverse("curation:export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row["slug"] for row in rows} == {"published-a", "draft-a"}


def test_data_quality_door(client, cast):
    client = login(client, cast, "manager_a")
    page = client.get(reverse("curation:quality")).content.decode()
    assert cast.draft_a.name_en in page and cast.draft_b.name_en not in page
    client.post(reverse("curation:quality"), {"entry": [cast.draft_b.pk]})
    cast.draft_b.refresh_from_db()
    assert cast.draft_b.last_reviewed_on is None


def test_managing_authority_reads_everything_and_changes_nothing(client, cast):
    client = login(client, cast, "authority")
    listing = client.get(reverse("admin:infrastructures_infrastructure_changelist"))
    assert {entry.slug for entry in listing.context["cl"].result_list} == {
        "published-a",
        "draft-a",
        "published-b",
        "draft-b",
    }
    assert "move_to_published" not in listing.content.decode()
    page = client.get(change_url(cast.draft_b))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    client.post(change_url(cast.draft_b), {"name_en": "Changed"})
    cast.draft_b.refresh_from_db()
    assert cast.draft_b.name_en != "Changed"
    assert client.get(reverse("curation:import")).status_code == 403
    export = client.get(reverse("curation:export", args=["csv"]))
    assert "draft-b" in b"".join(export.streaming_content).decode()
    assert client.get(reverse("admin:infrastructures_infrastructure_add")).status_code == 403


def test_anonymous_is_sent_to_log_in_at_every_curation_door(client, cast):
    for url in (
        reverse("curation:quality"),
        reverse("curation:import"),
        reverse("curation:export", args=["csv"]),
        reverse("admin:infrastructures_infrastructure_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
