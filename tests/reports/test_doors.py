"""The doors around the reports: where each role lands after login, the curators' export and the
admin's funding list, and the organisation figures curated in the admin through the services."""

import csv
import io

import pytest
from django.urls import reverse

from infrastructures.models import OrganisationFigure
from tests.admin_forms import add_inline_row, form_data
from tests.uploads import page_text

pytestmark = pytest.mark.django_db


def log_in(client, user):
    """As a browser does: the login page, then its form sent back with its hidden fields."""
    page = client.get(reverse("admin:login")).content.decode()
    assert f'name="next" value="{reverse("curation:start")}"' in page
    return client.post(
        reverse("admin:login"),
        {"username": user.username, "password": "pw", "next": reverse("curation:start")},
    )


@pytest.mark.parametrize(
    ("who", "lands_on"),
    [("authority", "reports:home"), ("manager_a", "curation:home"), ("superuser", "curation:home")],
)
def test_each_role_lands_on_its_own_start_page_after_login(client, funding, who, lands_on):
    response = log_in(client, funding.cast.users[who])
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse(lands_on)


def test_a_login_asked_for_by_a_page_returns_to_that_page(client, funding):
    wanted = reverse("reports:compare")
    page = client.get(reverse("admin:login"), {"next": wanted})
    assert f'value="{wanted}"' in page.content.decode()
    response = client.post(
        reverse("admin:login") + f"?next={wanted}",
        {"username": "authority", "password": "pw", "next": wanted},
    )
    assert response["Location"] == wanted


def test_the_curators_export_narrows_to_a_programme(client, funding):
    """The export used to ignore ?programme=: the entries' filter now knows it (as do search and API)."""
    client.force_login(funding.cast.users["authority"])
    response = client.get(reverse("curation:export", args=["csv"]), {"programme": "erdf-south"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row["slug"] for row in rows} == {"published-b", "draft-b"}
    api = client.get(reverse("api:infrastructure-list"), {"programme": "erdf-flanders"}).json()
    assert {entry["slug"] for entry in api["results"]} == {"published-a", "draft-a"}
    unknown = client.get(reverse("curation:export", args=["csv"]), {"programme": "no-such-programme"})
    assert unknown.status_code == 400


def test_the_admins_funding_list_writes_amounts_in_euro(client, funding):
    client.force_login(funding.cast.users["authority"])
    page = client.get(reverse("admin:infrastructures_fundingrecord_changelist"))
    text = page.content.decode()
    assert "€8,400,000" in text and "€1,250,000.55" in text
    assert "8400000.00" not in text


def test_a_manager_curates_figures_of_their_own_organisations_only(client, funding):
    cast = funding.cast
    client.force_login(cast.users["manager_a"])
    url = reverse("admin:infrastructures_organisation_change", args=[cast.published_a.owner.pk])
    data = add_inline_row(
        form_data(client.get(url)), "figures",
        measure="members", start_year=2016, end_year=2016, value=90, source="Annual report 2016",
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, page_text(response)
    figure = OrganisationFigure.objects.get(organisation=cast.published_a.owner)
    assert (figure.value, figure.history.get().history_user) == (90, cast.users["manager_a"])

    other = reverse("admin:infrastructures_organisation_change", args=[cast.published_b.owner.pk])
    assert client.get(other).status_code == 302  # another region's organisation does not open
    assert not OrganisationFigure.objects.filter(organisation=cast.published_b.owner).exists()


def test_staff_without_a_role_lands_on_the_admin_index(client, funding):
    from tests.rights import make_user

    response = log_in(client, make_user("helper"))
    assert client.get(response["Location"])["Location"] == reverse("admin:index")
