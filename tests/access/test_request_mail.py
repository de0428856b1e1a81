"""E-mail about requests: the request is stored first; mails are jobs queued after the commit; a
failing mail server loses nothing: the mail is kept, the request flagged, and a later try sends it."""

import socket

import pytest
from django.core.management import call_command
from django.urls import reverse

from access import services
from access.models import AccessRequest, Notification
from infrastructures.models import Infrastructure
from tests.uploads import run_after_commit

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    """Django's real SMTP backend, pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2


def mail_server_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_request_is_stored_before_any_mail_is_sent(
    client, cast, company, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("access:request", args=[cast.published_a.slug]), company)
    assert response.status_code == 302
    # Committed with its e-mails stored, none sent: they are jobs queued for after the commit.
    stored = AccessRequest.objects.get()
    assert stored.notifications.count() == 2 and not mailoutbox and len(queued) == 2
    for job in queued:
        job()
    assert len(mailoutbox) == 2 and not stored.notifications.unsent().exists()


def test_mail_goes_to_the_contact_and_the_regions_curators_only(client, cast, company, mailoutbox):
    Infrastructure.objects.filter(pk=cast.published_a.pk).update(contact_email="lab@owner-a.example")
    with run_after_commit():
        client.post(reverse("access:request", args=[cast.published_a.slug]), company)
    reference = AccessRequest.objects.get().reference
    to_curators, to_the_lab, confirmation = mailoutbox
    assert to_curators.to == ["manager-a@example.com"]  # not manager-b
    assert to_the_lab.to == ["lab@owner-a.example"]  # apart: neither sees the other's address
    assert reference in to_curators.subject and company["need"] in to_the_lab.body
    assert reverse("access:curate", args=[reference]) in to_curators.body
    assert confirmation.to == [company["contact_email"]] and reference in confirmation.subject


def test_a_region_without_managers_falls_back_to_the_configured_address(
    client, cast, company, mailoutbox, settings
):
    settings.ACCESS_REQUEST_FALLBACK_EMAILS = ["rii@region.example"]
    cast.users["manager_a"].region_assignments.all().delete()
    with run_after_commit():
        client.post(reverse("access:request", args=[cast.published_a.slug]), company)
    assert mailoutbox[0].to == ["rii@region.example"]
    settings.ACCESS_REQUEST_FALLBACK_EMAILS = []  # then the catalogue's administrators
    with run_after_commit():
        client.post(reverse("access:request", args=[cast.published_a.slug]), {**company, "need": "Another"})
    assert mailoutbox[2].to == ["root@example.com"]


def test_the_confirmation_is_in_the_companys_language(client, cast, company, mailoutbox):
    with run_after_commit():
        client.post("/nl" + reverse("access:request", args=[cast.published_a.slug]), company)
    confirmation = next(message for message in mailoutbox if message.to == [company["contact_email"]])
    assert "ontvangen" in confirmation.subject, confirmation.subject


def test_a_failing_mail_server_keeps_the_request_flags_it_and_the_retry_sends_it(
    client, cast, company, mailoutbox, mail_server_down, settings
):
    with run_after_commit():
        response = client.post(reverse("access:request", args=[cast.published_a.slug]), company)
    assert response.status_code == 302  # the company's request is in, whatever the mail server does
    stored = AccessRequest.objects.with_mail_trouble().get()
    assert stored.mail_trouble and not mailoutbox
    failed = Notification.objects.failed()
    assert failed.count() == 2 and all(n.attempts == 1 and "Connection" in n.last_error for n in failed)
    assert all(n.next_attempt_at > n.created_at for n in failed)  # backed off, not retried at once

    # Curators see the flag on their home and on the request.
    client.force_login(cast.users["manager_a"])
    assert "e-mail failed" in client.get(reverse("access:curation-list")).content.decode()
    assert client.get(reverse("curation:home")).context["mail_trouble_count"] == 1

    # Not due yet: nothing is tried. Once due and the server is back, the retry sends both.
    assert services.send_due_notifications() == 0
    Notification.objects.update(next_attempt_at=None)
    mail_server_back(settings)
    call_command("send_pending_mail", verbosity=0)
    assert len(mailoutbox) == 2
    assert not AccessRequest.objects.with_mail_trouble().get().mail_trouble
    assert all(n.attempts == 2 and n.sent_at and not n.last_error for n in Notification.objects.all())


def test_a_sent_mail_is_never_sent_again(cast, company, mailoutbox, client):
    with run_after_commit():
        client.post(reverse("access:request", args=[cast.published_a.slug]), company)
    notification = Notification.objects.first()
    assert services.notification_send(notification.pk) is False
    assert services.send_due_notifications() == 0 and len(mailoutbox) == 2
