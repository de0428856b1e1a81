"""Curators handle requests: each move an event (who, when, note) through the service; only the
curators of the request's regions move it, a managing authority reads all and moves none; the
company's own text stays as it was sent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from access import services
from access.models import AccessRequest
from tests import factories
from tests.admin_forms import form_data
from tests.uploads import run_after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_ab(cast):
    return (
        factories.access_request(cast.published_a, company_name="Acme Flanders", wants_updates=True),
        factories.access_request(cast.published_b, company_name="Acme Eindhoven"),
    )


def move(client, access_request, **data):
    with run_after_commit():
        return client.post(
            reverse("access:curate", args=[access_request.reference]),
            {"version": access_request.version, **data},
        )


def test_a_manager_moves_a_request_through_its_life_and_the_company_is_told(
    client, cast, requests_ab, mailoutbox
):
    in_a, _ = requests_ab
    client.force_login(cast.users["manager_a"])
    for status, note in [
        ("in_discussion", "Called An; samples next week."),
        ("accepted", ""),
        ("completed", ""),
    ]:
        in_a.refresh_from_db()
        assert move(client, in_a, status=status, note=note).status_code == 302
    in_a.refresh_from_db()
    events = list(in_a.events.values_list("from_status", "status", "actor__username", "note"))
    assert events == [
        ("", "new", None, ""),
        ("new", "in_discussion", "manager-a", "Called An; samples next week."),
        ("in_discussion", "accepted", "manager-a", ""),
        ("accepted", "completed", "manager-a", ""),
    ]
    assert in_a.status == "completed" and in_a.company_name == "Acme Flanders"
    # The company asked for updates: one mail per new status, without the curators' notes.
    assert [message.to for message in mailoutbox] == [["an@example.com"]] * 3
    assert "Completed" in mailoutbox[-1].subject and "samples" not in mailoutbox[0].body


def test_a_company_that_asked_no_updates_gets_none(client, cast, requests_ab, mailoutbox):
    _, in_b = requests_ab
    client.force_login(cast.users["manager_b"])
    move(client, in_b, status="declined", note="Fully booked.")
    assert AccessRequest.objects.get(pk=in_b.pk).status == "declined" and not mailoutbox


def test_a_move_out_of_order_is_refused_with_the_reason(client, cast, requests_ab):
    in_a, _ = requests_ab
    client.force_login(cast.users["manager_a"])
    response = move(client, in_a, status="completed")  # new → completed skips the steps between
    assert response.status_code == 400 and "Select a valid choice" in str(response.context["form"].errors)
    with pytest.raises(ValidationError, match="cannot become"):
        services.access_request_move(
            user=cast.users["manager_a"], access_request=in_a, status="completed", origin="test"
        )
    in_a.refresh_from_db()
    assert in_a.status == "new" and in_a.events.count() == 1


def test_a_stale_form_does_not_undo_a_newer_move(client, cast, requests_ab):
    in_a, _ = requests_ab
    client.force_login(cast.users["manager_a"])
    seen = in_a.version
    services.access_request_move(
        user=cast.users["superuser"], access_request=in_a, status="declined", origin="test"
    )
    response = client.post(
        reverse("access:curate", args=[in_a.reference]), {"version": seen, "status": "in_discussion"}
    )
    assert response.status_code in (400, 409)
    assert AccessRequest.objects.get(pk=in_a.pk).status == "declined"


@pytest.mark.parametrize(
    "who, sees, moves",
    [
        ("manager_a", {"Acme Flanders"}, {"Acme Flanders"}),
        ("manager_b", {"Acme Eindhoven"}, {"Acme Eindhoven"}),
        ("authority", {"Acme Flanders", "Acme Eindhoven"}, set()),
        ("superuser", {"Acme Flanders", "Acme Eindhoven"}, {"Acme Flanders", "Acme Eindhoven"}),
    ],
)
def test_regional_rights_hold_at_every_door(client, cast, requests_ab, who, sees, moves):
    user = cast.users[who]
    client.force_login(user)
    listed = {row.company_name for row in client.get(reverse("access:curation-list")).context["requests"]}
    assert listed == sees
    home = {row.company_name for row in client.get(reverse("curation:home")).context["requests"]}
    assert home == sees
    admin_list = client.get(reverse("admin:access_accessrequest_changelist"))
    assert {row.company_name for row in admin_list.context["cl"].result_list} == sees
    for access_request in requests_ab:
        page = client.get(reverse("access:curate", args=[access_request.reference]))
        visible = access_request.company_name in sees
        assert page.status_code == (200 if visible else 404)
        may_move = access_request.company_name in moves
        assert (page.context["form"] is not None) == may_move if visible else True
        response = move(client, access_request, status="in_discussion")
        assert response.status_code == (302 if may_move else 403 if visible else 404)
        if not may_move:
            with pytest.raises(PermissionDenied):
                services.access_request_move(
                    user=user, access_request=access_request, status="in_discussion", origin="test"
                )
    moved = set(AccessRequest.objects.filter(status="in_discussion").values_list("company_name", flat=True))
    assert moved == moves


def test_the_admin_moves_the_status_with_a_note_and_keeps_the_companys_text(client, cast, requests_ab):
    in_a, _ = requests_ab
    client.force_login(cast.users["manager_a"])
    url = reverse("admin:access_accessrequest_change", args=[in_a.pk])
    page = client.get(url)
    assert [value for value, _ in page.context["adminform"].form.fields["status"].choices] == [
        "new", "forwarded", "in_discussion", "declined",
    ]  # fmt: skip
    data = form_data(page) | {
        "status": "in_discussion",
        "note": "Asked for samples.",
        "company_name": "Changed",
    }
    with run_after_commit():
        assert client.post(url, data).status_code == 302
    in_a.refresh_from_db()
    assert (in_a.status, in_a.company_name) == ("in_discussion", "Acme Flanders")
    assert in_a.events.last().note == "Asked for samples."
    assert client.get(reverse("admin:access_accessrequest_add")).status_code == 403


def test_the_curation_pages_keep_their_query_count_as_requests_grow(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.users["manager_a"])

    def queries_for(count):
        for _ in range(count):
            factories.access_request(cast.published_a)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("access:curation-list")).status_code == 200
            assert client.get(reverse("curation:home")).status_code == 200
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(30)


def test_the_curation_list_filters_and_pages_with_the_apis_filterset(client, cast):
    from access.models import Notification

    manager = cast.users["superuser"]
    one_stop = factories.access_request(regions=[cast.region_a, cast.region_b], company_name="Routed BV")
    done = factories.access_request(cast.published_a, company_name="Done BV", status="completed")
    failed = factories.access_request(cast.published_b, company_name="Unlucky BV")
    Notification.objects.create(access_request=failed, kind="confirmation", recipients=["x@y.example"],
                                subject="s", body="b", attempts=1, last_error="refused")  # fmt: skip
    client.force_login(manager)

    def listed(query=""):
        response = client.get(reverse("access:curation-list") + query)
        assert response.status_code == 200
        return {row.company_name for row in response.context["requests"]}

    assert listed() == {"Routed BV", "Unlucky BV"}  # open ones by default
    assert listed("?status=") == {"Routed BV", "Done BV", "Unlucky BV"}
    assert listed("?status=completed") == {"Done BV"}
    assert listed("?status=&region=south-netherlands") == {"Routed BV", "Unlucky BV"}
    assert listed(f"?status=&q={done.reference.lower()}") == {"Done BV"}
    assert listed("?status=&q=unlucky") == {"Unlucky BV"}
    assert listed("?status=&mail_failed=true") == {"Unlucky BV"}
    assert client.get(reverse("access:curation-list") + "?status=teleported").status_code == 400
    assert client.get(reverse("access:curation-list") + "?page=9").status_code == 404

    api = APIClient()
    api.force_authenticate(manager)
    rows = api.get("/api/v1/access-requests/?status=open&region=flanders").json()["results"]
    assert {row["company_name"] for row in rows} == {"Routed BV"}
    assert one_stop.reference in {row["reference"] for row in rows}


def test_the_curation_list_pages_through_many_requests(client, cast):
    for number in range(55):
        factories.access_request(cast.published_a, company_name=f"Company {number}")
    client.force_login(cast.users["manager_a"])
    first = client.get(reverse("access:curation-list"))
    second = client.get(reverse("access:curation-list") + "?status=open&page=2")
    assert len(first.context["requests"]) == 50 and len(second.context["requests"]) == 5
    assert 'rel="next"' in first.content.decode()
