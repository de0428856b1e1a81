"""Anyone may tell the curators that an entry is out of date: a message and, if they want an answer,
an e-mail address; no account. The report is stored, mailed after the commit to the curators of the
entry's region (no one else), and listed for them alone; bad input is an error beside its field that
keeps what was typed; the rate limit of the access requests holds."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access import services
from access.models import OutdatedInformationReport
from infrastructures.models import Infrastructure
from tests.test_write_path import only_services_write
from tests.uploads import page_text, run_after_commit

pytestmark = pytest.mark.django_db

MESSAGE = "The climate chamber was replaced in 2025; the price list on the website changed too."


def report_url(entry):
    return reverse("access:report-outdated", args=[entry.slug])


def send(client, entry, **data):
    data = {"message": MESSAGE, "reply_email": "jan@sme.example"} | data
    with run_after_commit():
        return client.post(report_url(entry), data)


def curation_url():
    return reverse("access:curation-reports")


def test_the_form_says_where_the_report_goes_and_what_is_kept(client, cast):
    page = client.get(report_url(cast.published_a))
    assert page.status_code == 200
    text = page_text(page)
    assert cast.published_a.name in text and "curators of Flanders" in text
    assert "No account needed" in text and "optional" in text.lower()
    assert "Privacy" in text and "deleted" in text  # what is kept, and for how long
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'name="website"' in html  # the honeypot


def test_a_report_is_stored_mailed_to_the_regions_curators_only_and_confirmed(client, cast, mailoutbox):
    Infrastructure.objects.filter(pk=cast.published_a.pk).update(contact_email="lab@owner-a.example")
    response = send(client, cast.published_a)
    report = OutdatedInformationReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("access:report-sent", args=[cast.published_a.slug])
    assert (report.infrastructure, report.message, report.reply_email, report.language) == (
        cast.published_a, MESSAGE, "jan@sme.example", "en",
    )  # fmt: skip
    assert not report.handled and report.handled_at is None and report.handled_by is None
    [mail] = mailoutbox
    assert mail.to == ["manager-a@example.com"]  # not manager-b, not the lab's contact
    assert cast.published_a.name in mail.subject
    assert MESSAGE in mail.body and "jan@sme.example" in mail.body
    assert curation_url() in mail.body
    confirmation = page_text(client.get(response["Location"]))
    assert "Thank you" in confirmation and "curators of Flanders" in confirmation
    assert "jan@sme.example" in confirmation


def test_the_mail_is_queued_after_the_commit(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(report_url(cast.published_a), {"message": MESSAGE})
    assert response.status_code == 302
    report = OutdatedInformationReport.objects.get()
    assert report.reply_email == "" and report.notifications.count() == 1
    assert not mailoutbox and len(queued) == 1
    queued[0]()
    assert len(mailoutbox) == 1 and not report.notifications.unsent().exists()


def test_a_region_without_curators_falls_back_to_the_configured_address(client, cast, mailoutbox, settings):
    settings.ACCESS_REQUEST_FALLBACK_EMAILS = ["rii@region.example"]
    cast.users["manager_b"].region_assignments.all().delete()
    send(client, cast.published_b)
    assert [mail.to for mail in mailoutbox] == [["rii@region.example"]]


def test_the_same_report_sent_twice_is_stored_once(client, cast, mailoutbox):
    first = send(client, cast.published_a)
    again = send(client, cast.published_a, message="  " + MESSAGE.upper())
    assert first["Location"] == again["Location"]
    assert OutdatedInformationReport.objects.count() == 1 and len(mailoutbox) == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"message": ""}, "message", "This field is required."),
        ({"message": "   "}, "message", "This field is required."),
        ({"message": "x" * 2001}, "message", "at most 2000 characters"),
        ({"message": "a\x00b"}, "message", "Null characters are not allowed."),
        ({"reply_email": "jan-at-sme"}, "reply_email", "valid email address"),
        ({"reply_email": "j" * 250 + "@sme.example"}, "reply_email", "at most 254 characters"),
        ({"website": "http://spam.example"}, "website", "Leave this field empty"),
    ],
)
def test_bad_input_is_an_error_beside_its_field_and_keeps_what_was_typed(
    client, cast, mailoutbox, changes, field, message
):
    response = send(client, cast.published_a, **changes)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert not OutdatedInformationReport.objects.exists() and not mailoutbox
    html = response.content.decode()
    assert "Nothing was sent" in page_text(response)
    if "message" not in changes:
        assert MESSAGE in html
    if "reply_email" not in changes:
        assert "jan@sme.example" in html
    else:
        assert changes["reply_email"] in html


def test_the_rate_limit_refuses_with_a_clear_message_and_keeps_the_text(client, cast, settings):
    settings.ACCESS_REQUEST_RATE = "2/h"
    for _mistake in range(3):  # someone correcting a typing mistake is not held back
        assert send(client, cast.published_a, reply_email="x").status_code == 400
    for message in ("First correction", "Second correction"):
        assert send(client, cast.published_a, message=message).status_code == 302
    response = send(client, cast.published_a, message="Third correction")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Too many messages were sent from your address" in page_text(response)
    assert "Third correction" in response.content.decode()
    assert OutdatedInformationReport.objects.count() == 2


def test_the_form_needs_its_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    assert client.post(report_url(cast.published_a), {"message": MESSAGE}).status_code == 403
    assert not OutdatedInformationReport.objects.exists()


@pytest.mark.parametrize("state", ["draft", "in_review", "archived"])
def test_unpublished_entries_take_no_report(client, cast, state):
    Infrastructure.objects.filter(pk=cast.published_a.pk).update(publication_state=state)
    assert client.get(report_url(cast.published_a)).status_code == 404
    assert send(client, cast.published_a).status_code == 404
    assert not OutdatedInformationReport.objects.exists()


def test_unknown_entries_and_unsent_confirmations_are_404(client, cast):
    assert client.get(reverse("access:report-outdated", args=["no-such-lab"])).status_code == 404
    # The confirmation shows the reply address: only in the browser that sent the report.
    assert client.get(reverse("access:report-sent", args=[cast.published_a.slug])).status_code == 404
    send(client, cast.published_a)
    assert Client().get(reverse("access:report-sent", args=[cast.published_a.slug])).status_code == 404
    assert client.get(reverse("access:report-sent", args=[cast.published_b.slug])).status_code == 404


def test_the_dutch_form_stores_the_language(client, cast):
    with run_after_commit():
        response = client.post("/nl" + report_url(cast.published_a), {"message": MESSAGE})
    assert response.status_code == 302 and response["Location"].startswith("/nl/")
    assert OutdatedInformationReport.objects.get().language == "nl"


# The curators


@pytest.fixture
def reports_ab(cast):
    def report(entry, message):
        return services.outdated_report_submit(
            infrastructure=entry, values={"message": message, "reply_email": ""}, language="en", origin="test"
        )[0]

    return report(cast.published_a, "Flanders lab moved to Genk"), report(
        cast.published_b, "Eindhoven lab closed"
    )


def test_only_the_curators_of_the_entrys_region_see_the_report(client, cast, reports_ab):
    client.force_login(cast.users["manager_a"])
    page = page_text(client.get(curation_url()))
    assert "Flanders lab moved to Genk" in page and "Eindhoven lab closed" not in page
    client.force_login(cast.users["manager_b"])
    page = page_text(client.get(curation_url()))
    assert "Eindhoven lab closed" in page and "Flanders lab moved to Genk" not in page
    client.force_login(cast.users["authority"])  # reads every region
    page = page_text(client.get(curation_url()))
    assert "Eindhoven lab closed" in page and "Flanders lab moved to Genk" in page
    client.logout()
    response = client.get(curation_url())
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_curator_marks_a_report_handled_and_no_other_region_can(client, cast, reports_ab):
    in_a, _in_b = reports_ab
    client.force_login(cast.users["manager_b"])
    assert client.post(curation_url(), {"report": in_a.pk, "handled": "1"}).status_code == 404
    client.force_login(cast.users["authority"])
    assert client.post(curation_url(), {"report": in_a.pk, "handled": "1"}).status_code == 403
    in_a.refresh_from_db()
    assert not in_a.handled

    client.force_login(cast.users["manager_a"])
    response = client.post(curation_url(), {"report": in_a.pk, "handled": "1"})
    assert response.status_code == 302
    in_a.refresh_from_db()
    assert in_a.handled and in_a.handled_by == cast.users["manager_a"] and in_a.handled_at is not None
    # Handled reports leave the list of open ones, and stay findable.
    assert "Flanders lab moved to Genk" not in page_text(client.get(curation_url()))
    assert "Flanders lab moved to Genk" in page_text(client.get(curation_url(), {"show": "handled"}))
    client.post(curation_url(), {"report": in_a.pk, "handled": "0"})  # reopened
    in_a.refresh_from_db()
    assert not in_a.handled and in_a.handled_at is None and in_a.handled_by is None


@pytest.mark.parametrize("data", [{}, {"report": "abc"}, {"report": "1.5", "handled": "1"}, {"handled": "x"}])
def test_odd_curation_input_gets_a_4xx(client, cast, reports_ab, data):
    client.force_login(cast.users["manager_a"])
    assert client.post(curation_url(), data).status_code in (400, 404)
    assert client.get(curation_url(), {"show": "\x00"}).status_code in (200, 400)


def test_the_curators_list_queries_stay_flat(client, cast, django_assert_max_num_queries):
    client.force_login(cast.users["manager_a"])

    def add(n):
        for i in range(n):
            services.outdated_report_submit(
                infrastructure=cast.published_a, values={"message": f"Note {i} {n}", "reply_email": ""},
                language="en", origin="test",
            )  # fmt: skip

    add(2)
    with django_assert_max_num_queries(8):
        assert client.get(curation_url()).status_code == 200
    add(30)
    with django_assert_max_num_queries(8):
        assert client.get(curation_url()).status_code == 200


def test_every_write_goes_through_the_services(client, cast, monkeypatch):
    with only_services_write(monkeypatch):
        assert send(client, cast.published_a).status_code == 302
        client.force_login(cast.users["manager_a"])
        report = OutdatedInformationReport.objects.get()
        assert client.post(curation_url(), {"report": report.pk, "handled": "1"}).status_code == 302


def test_reports_are_deleted_after_the_retention_period(cast, settings, reports_ab):
    old, recent = reports_ab
    long_ago = timezone.now() - timedelta(days=settings.ACCESS_REQUEST_RETENTION_DAYS + 1)
    OutdatedInformationReport.objects.filter(pk=old.pk).update(updated_at=long_ago)
    call_command("schedule_housekeeping", verbosity=0)  # the daily job, run at once in tests
    assert list(OutdatedInformationReport.objects.all()) == [recent]
