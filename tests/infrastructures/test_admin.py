"""The admin as two curators use it at once, and its doors: edit conflicts, query counts of a save
with inlines, "view on site", odd parameters."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from infrastructures import services
from infrastructures.models import Equipment, FundingRecord, Infrastructure
from tests import factories
from tests.admin_forms import add_inline_row, form_data
from tests.rights import make_cast
from tests.uploads import run_after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return make_cast()


def change_url(entry):
    return reverse("admin:infrastructures_infrastructure_change", args=[entry.pk])


def test_a_curator_cannot_save_over_a_newer_version_and_is_told_who_changed_it(client, cast):
    client.force_login(cast.users["manager_a"])
    opened = form_data(client.get(change_url(cast.draft_a)))  # curator A opens the page
    services.infrastructure_update(  # meanwhile, the administrator saves a change
        user=cast.users["superuser"], infrastructure=cast.draft_a, data={"name_nl": "Nieuw"}, origin="admin"
    )
    response = client.post(change_url(cast.draft_a), opened | {"summary_en": "Mine"})
    assert response.status_code == 200  # the form again, with the message, and the input kept
    page = response.content.decode()
    assert "was changed by root at" in page and "Your changes were not saved" in page
    assert 'value="Mine"' in page or ">Mine<" in page
    cast.draft_a.refresh_from_db()
    assert (cast.draft_a.summary_en or "", cast.draft_a.name_nl) == ("", "Nieuw")
    # Reloaded, the page carries the new version and the save goes through.
    fresh = form_data(client.get(change_url(cast.draft_a)))
    assert client.post(change_url(cast.draft_a), fresh | {"summary_en": "Mine"}).status_code == 302
    cast.draft_a.refresh_from_db()
    assert (cast.draft_a.summary_en, cast.draft_a.name_nl) == ("Mine", "Nieuw")


def test_an_inline_row_changed_meanwhile_is_not_overwritten(client, cast):
    item = Equipment.objects.create(infrastructure=cast.draft_a, name_en="Microscope")
    client.force_login(cast.users["manager_a"])
    opened = form_data(client.get(change_url(cast.draft_a)))
    services.equipment_save(
        user=cast.users["superuser"], equipment=item, data={"manufacturer": "Zeiss"}, origin="admin"
    )
    response = client.post(change_url(cast.draft_a), opened | {"equipment-0-name_en": "Old scope"})
    assert response.status_code == 200 and "since you opened it" in response.content.decode()
    item.refresh_from_db()
    assert (item.name_en, item.manufacturer) == ("Microscope", "Zeiss")


def test_a_change_page_lost_race_is_a_message_not_a_server_error(client, cast, monkeypatch):
    """The form's check passed, but another save landed before the service took the row lock."""
    from infrastructures import admin_writes

    client.force_login(cast.users["manager_a"])
    opened = form_data(client.get(change_url(cast.draft_a)))
    monkeypatch.setattr(admin_writes.VersionedModelForm, "clean", lambda form: form.cleaned_data)
    services.infrastructure_update(
        user=cast.users["superuser"], infrastructure=cast.draft_a, data={"city": "Genk"}, origin="admin"
    )
    response = client.post(change_url(cast.draft_a), opened | {"summary_en": "Mine"}, follow=True)
    assert response.status_code == 200
    assert "since you opened it" in response.content.decode()
    cast.draft_a.refresh_from_db()
    assert (cast.draft_a.summary_en or "", cast.draft_a.city) == ("", "Genk")


def test_a_revert_from_the_history_goes_through_the_service(client, cast):
    services.infrastructure_update(
        user=cast.users["manager_a"], infrastructure=cast.draft_a, data={"name_en": "Oops"}, origin="api"
    )
    first = cast.draft_a.history.order_by("history_date").first()
    url = reverse(
        "admin:infrastructures_infrastructure_simple_history", args=[cast.draft_a.pk, first.history_id]
    )
    client.force_login(cast.users["manager_a"])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    cast.draft_a.refresh_from_db()
    latest = cast.draft_a.history.first()
    assert cast.draft_a.name_en == first.name_en
    assert (latest.history_user.username, latest.history_change_reason) == ("manager-a", "admin")


@pytest.mark.parametrize("rows", [1, 8])
def test_saving_an_entry_with_inlines_costs_the_same_queries_however_many_rows(
    client, cast, rows, django_assert_max_num_queries
):
    programme = factories.programme()
    for n in range(rows):
        Equipment.objects.create(infrastructure=cast.draft_a, name_en=f"Item {n}")
        FundingRecord.objects.create(programme=programme, infrastructure=cast.draft_a, amount="1.00")
    client.force_login(cast.users["manager_a"])
    data = form_data(client.get(change_url(cast.draft_a))) | {"summary_en": "Changed"}
    data["equipment-0-name_en"] = "Renamed item"
    add_inline_row(data, "equipment", name_en="New item")
    # Untouched rows cost nothing; the changed and the new row each their form's check of the
    # model's constraints, lock, write, history row and the entry's version; the search index is
    # rebuilt once (its texts in 5 queries). The same count for 1 or 8 rows.
    with django_assert_max_num_queries(82), run_after_commit():
        assert client.post(change_url(cast.draft_a), data).status_code == 302
    assert cast.draft_a.equipment.filter(name_en__in=["Renamed item", "New item"]).count() == 2


def test_a_regional_programme_funds_only_its_own_region(client, cast):
    erdf_b = factories.programme(slug="erdf-south-netherlands", region=cast.region_b)
    interreg = factories.programme(slug="interreg", kind="interreg")
    client.force_login(cast.users["manager_a"])
    data = form_data(client.get(change_url(cast.draft_a)))
    add_inline_row(data, "funding_records", programme=erdf_b.pk, amount="100.00")
    response = client.post(change_url(cast.draft_a), data)
    assert (
        response.status_code == 200 and "funds only entries of South Netherlands" in response.content.decode()
    )
    assert not FundingRecord.objects.exists()
    data = form_data(client.get(change_url(cast.draft_a)))
    add_inline_row(data, "funding_records", programme=interreg.pk, amount="100.00")
    assert client.post(change_url(cast.draft_a), data).status_code == 302
    assert FundingRecord.objects.get().programme == interreg


def test_view_on_site_holds_the_admins_scope(client, cast):
    content_type = ContentType.objects.get_for_model(Infrastructure).pk
    client.force_login(cast.users["manager_a"])
    assert client.get(f"/admin/r/{content_type}/{cast.draft_b.pk}/").status_code == 404
    own = client.get(f"/admin/r/{content_type}/{cast.draft_a.pk}/")
    assert own.status_code == 302 and own["Location"].endswith("/infrastructures/draft-a/")
    assert (
        client.get(f"/admin/r/{content_type}/{cast.published_b.pk}/").status_code == 404
    )  # not in their admin
    for odd in (f"/admin/r/{content_type}/abc/", "/admin/r/abc/1/", "/admin/r/99999/1/"):
        assert client.get(odd).status_code == 404, odd
    client.force_login(cast.users["authority"])  # reads everything
    assert client.get(f"/admin/r/{content_type}/{cast.draft_b.pk}/").status_code == 302


@pytest.mark.parametrize(
    "url_name, query",
    [
        ("admin:infrastructures_infrastructure_changelist", "updated_at__year=99999999999999999999"),
        ("admin:infrastructures_infrastructure_changelist", "updated_at__year=9999"),
        ("admin:infrastructures_infrastructure_changelist", "updated_at__year=9999&updated_at__month=12"),
        ("admin:infrastructures_infrastructure_changelist", "updated_at__year=1"),
        ("admin:infrastructures_infrastructure_changelist", "updated_at__lt=0001-01-01"),
        ("admin:infrastructures_infrastructure_changelist", "updated_at__gte=9999-12-31"),
        ("admin:infrastructures_infrastructure_changelist", "updated_at__year=２０２６"),
        (
            "admin:infrastructures_infrastructure_changelist",
            "updated_at__year=2026&updated_at__month=99999999999",
        ),
        ("admin:access_accessrequest_changelist", "created_at__year=-99999999999"),
        ("admin:infrastructures_infrastructure_changelist", "region__id__exact=abc"),
        ("admin:infrastructures_infrastructure_changelist", "themes__id__exact=99999999999999999999999"),
        ("admin:infrastructures_infrastructure_changelist", "p=99999999999999999999"),
        ("admin:infrastructures_infrastructure_changelist", "o=99.-7"),
        ("admin:infrastructures_infrastructure_change", "_to_field="),
        ("admin:infrastructures_infrastructure_change", "_to_field=region"),
        ("admin:infrastructures_infrastructure_change", "_changelist_filters=%00"),
    ],
)
# A date typed into the address is naive; Django says so, and that is all it should do.
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")
def test_odd_admin_parameters_answer_4xx_or_a_page_never_a_server_error(client, cast, url_name, query):
    client.force_login(cast.users["manager_a"])
    args = [cast.draft_a.pk] if url_name.endswith("_change") else []
    response = client.get(reverse(url_name, args=args) + "?" + query)
    assert response.status_code in (200, 302, 400, 404), response.status_code


def test_the_conflict_message_names_whoever_changed_the_entry_last_rows_included(client, cast):
    client.force_login(cast.users["manager_a"])
    services.infrastructure_update(
        user=cast.users["manager_a"], infrastructure=cast.draft_a, data={"city": "Genk"}, origin="admin"
    )
    opened = form_data(client.get(change_url(cast.draft_a)))
    services.equipment_save(  # the administrator adds equipment: the entry changed, by them
        user=cast.users["superuser"],
        equipment=Equipment(infrastructure=cast.draft_a),
        data={"name_en": "Laser"},
        origin="admin",
    )
    page = client.post(change_url(cast.draft_a), opened | {"summary_en": "Mine"}).content.decode()
    assert "was changed by root at" in page


def test_saving_a_row_without_changes_writes_nothing(client, cast):
    item = Equipment.objects.create(infrastructure=cast.draft_a, name_en="Microscope")
    client.force_login(cast.users["manager_a"])
    url = reverse("admin:infrastructures_equipment_change", args=[item.pk])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    cast.draft_a.refresh_from_db()
    item.refresh_from_db()
    assert (cast.draft_a.version, item.version) == (1, 1)  # no new version: no conflict for others


def test_odd_inline_and_request_posts_get_a_page_not_a_server_error(client, cast):

    other = Equipment.objects.create(infrastructure=cast.draft_b, name_en="Not yours")
    mine = Equipment.objects.create(infrastructure=cast.draft_a, name_en="Yours")
    client.force_login(cast.users["manager_a"])
    data = form_data(client.get(change_url(cast.draft_a)))
    data |= {"equipment-0-id": other.pk, "equipment-0-DELETE": "on"}  # another entry's row
    assert client.post(change_url(cast.draft_a), data).status_code in (200, 302)
    assert Equipment.objects.filter(pk__in=[other.pk, mine.pk]).count() == 2
    request = factories.access_request(
        cast.draft_a, company_name="Acme", company_size="small", contact_name="A",
        contact_email="a@example.com", need="Tests", consent=True,
    )  # fmt: skip
    url = reverse("admin:access_accessrequest_change", args=[request.pk])
    assert client.post(url, form_data(client.get(url))).status_code == 302  # saved unchanged
    request.refresh_from_db()
    assert (request.status, request.version) == ("new", 1)
