"""One-stop requests: an SME that does not know which lab fits asks the curators of the regions it
chooses; they forward it to infrastructures of their regions."""

import pytest
from django.urls import reverse

from access import services
from access.models import AccessRequest
from tests import factories
from tests.uploads import page_text, run_after_commit

pytestmark = pytest.mark.django_db


def test_the_search_prefills_the_one_stop_form(client, cast):
    search = client.get(reverse("catalogue:search") + "?q=climate+chamber&region=south-netherlands")
    assert (
        reverse("access:one-stop") + "?q=climate+chamber&amp;region=south-netherlands"
        in search.content.decode()
    )
    form = client.get(reverse("access:one-stop") + "?q=climate+chamber&region=south-netherlands").context[
        "form"
    ]
    assert form.initial["need"] == "climate chamber" and form.initial["regions"] == ["south-netherlands"]
    assert reverse("access:one-stop") in client.get(reverse("catalogue:home")).content.decode()


def test_a_one_stop_request_goes_to_the_curators_of_the_chosen_regions(client, cast, company, mailoutbox):
    data = {**company, "regions": ["flanders", "south-netherlands"]}
    with run_after_commit():
        response = client.post(reverse("access:one-stop"), data)
    assert response.status_code == 302
    stored = AccessRequest.objects.get()
    assert stored.infrastructure is None and set(stored.regions.all()) == {cast.region_a, cast.region_b}
    to_curators = next(message for message in mailoutbox if "one-stop" in message.subject)
    assert sorted(to_curators.to) == ["manager-a@example.com", "manager-b@example.com"]
    assert "South Netherlands" in page_text(client.get(response["Location"]))


def test_a_one_stop_request_to_one_region_reaches_only_its_curators(client, cast, company, mailoutbox):
    with run_after_commit():
        client.post(reverse("access:one-stop"), {**company, "regions": ["south-netherlands"]})
    to_curators = next(message for message in mailoutbox if "one-stop" in message.subject)
    assert to_curators.to == ["manager-b@example.com"]
    stored = AccessRequest.objects.get()
    assert not AccessRequest.objects.visible_to(cast.users["manager_a"]).exists()
    assert AccessRequest.objects.visible_to(cast.users["manager_b"]).get() == stored


def test_a_one_stop_request_needs_a_region(client, cast, company):
    response = client.post(reverse("access:one-stop"), company)
    assert (
        response.status_code == 400
        and "Choose at least one region." in response.context["form"].errors["regions"]
    )
    assert not AccessRequest.objects.exists()


def test_the_curator_forwards_it_to_infrastructures_of_their_region(client, cast, company, mailoutbox):
    cast.published_b.contact_email = "lab-b@example.org"
    cast.published_b.save()
    with run_after_commit():
        client.post(reverse("access:one-stop"), {**company, "regions": ["south-netherlands"]})
    stored = AccessRequest.objects.get()
    mailoutbox.clear()
    client.force_login(cast.users["manager_b"])
    page = client.get(reverse("access:curate", args=[stored.reference]))
    assert list(page.context["form"].fields["forward_to"].queryset) == [
        cast.published_b
    ]  # published, region B
    with run_after_commit():
        response = client.post(
            reverse("access:curate", args=[stored.reference]),
            {
                "forward_to": [cast.published_b.pk],
                "note": "Their climate chamber fits.",
                "version": stored.version,
            },
        )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.status == "forwarded" and list(stored.forwarded_to.all()) == [cast.published_b]
    event = stored.events.last()
    assert (event.from_status, event.status, event.actor) == ("new", "forwarded", cast.users["manager_b"])
    assert "Their climate chamber fits." in event.note
    forwarded = next(message for message in mailoutbox if "forwarded" in message.subject)
    assert forwarded.to == ["lab-b@example.org"] and company["need"] in forwarded.body
    # Company asked for updates: told of the new status.
    assert any(message.to == [company["contact_email"]] for message in mailoutbox)


def test_a_curator_cannot_forward_to_a_draft_or_another_region(cast, company):
    stored, _ = services.access_request_submit(
        values={**company, "consent": True, "wants_updates": False, "country": "BE", "vat_number": "",
                "wanted_from": None, "wanted_until": None},
        regions=[cast.region_a, cast.region_b], language="en", origin="test",
    )  # fmt: skip
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Choose the infrastructures"):
        services.access_request_move(  # "forwarded" to no one would tell the company something false
            user=cast.users["manager_a"], access_request=stored, status="forwarded", origin="test"
        )
    for elsewhere in (cast.draft_a, cast.published_b):
        with pytest.raises(ValidationError):
            services.access_request_move(
                user=cast.users["manager_a"], access_request=stored, forward_to=[elsewhere], origin="test"
            )
    stored.refresh_from_db()
    assert stored.status == "new" and not stored.forwarded_to.exists()


def test_a_chosen_region_without_managers_is_announced_to_the_fallback(
    client, cast, company, mailoutbox, settings
):
    settings.ACCESS_REQUEST_FALLBACK_EMAILS = ["rii@catalogue.example"]
    cast.users["manager_b"].region_assignments.all().delete()
    with run_after_commit():
        client.post(reverse("access:one-stop"), {**company, "regions": ["flanders", "south-netherlands"]})
    to_curators = next(message for message in mailoutbox if "one-stop" in message.subject)
    assert to_curators.to == ["manager-a@example.com", "rii@catalogue.example"]


def test_a_refused_forward_says_why_on_the_curation_page(client, cast):
    from regions.models import RegionAssignment

    empty_region = factories.region(slug="no-labs-yet")
    RegionAssignment.objects.create(user=cast.users["manager_a"], region=empty_region)
    request = factories.access_request(regions=[empty_region], infrastructure=None)
    client.force_login(cast.users["manager_a"])
    response = client.post(
        reverse("access:curate", args=[request.reference]),
        {"version": request.version, "status": "forwarded"},
    )
    assert response.status_code == 400
    assert "Choose the infrastructures" in response.content.decode()
