"""Privacy: the privacy page, and the anonymisation of old requests that keeps exactly what the
indicators count."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from access import indicators, services
from access.models import AccessRequest
from tests import factories
from tests.admin_forms import form_data
from tests.uploads import page_text, run_after_commit

pytestmark = pytest.mark.django_db


def test_the_privacy_page_says_what_why_how_long_and_whom_to_ask(client, settings):
    settings.ACCESS_REQUEST_RETENTION_DAYS = 365
    settings.PRIVACY_CONTACT_EMAIL = "privacy@region.example"
    text = page_text(client.get(reverse("access:privacy")))
    for words in ("What we keep", "Why", "For how long", "365 days", "privacy@region.example"):
        assert words in text
    assert "Privacy" in page_text(client.get("/nl/privacy/")) or "privacy" in page_text(
        client.get("/nl/privacy/")
    )


def age(access_request, days):
    then = timezone.now() - timedelta(days=days)
    AccessRequest.objects.filter(pk=access_request.pk).update(created_at=then, updated_at=then)
    access_request.events.update(created_at=then)


def test_anonymising_keeps_what_the_indicators_count(cast):
    old = factories.access_request(
        cast.published_a, company_size="micro", country="NL", vat_number="NL004495445B01",
        contact_phone="+31 40 123", wants_updates=True,
    )  # fmt: skip
    services.access_request_move(user=cast.users["manager_a"], access_request=old, status="in_discussion",
                                 note="Spoke to An Peeters", origin="test")  # fmt: skip
    for status in ("accepted", "completed"):
        services.access_request_move(
            user=cast.users["manager_a"], access_request=old, status=status, origin="test"
        )
    recent = factories.access_request(cast.published_a, company_name="Recent BV")
    age(old, 800)
    counts_before = indicators.access_counts()
    dates_before = list(old.events.values_list("status", "created_at"))

    call_command("anonymise_access_requests", "--days", "730", verbosity=0)

    old.refresh_from_db()
    personal = (
        old.company_name,
        old.vat_number,
        old.contact_name,
        old.contact_email,
        old.contact_phone,
        old.need,
    )
    assert personal == ("",) * 6
    assert not old.wants_updates and old.anonymised_at is not None
    assert not old.notifications.exists()
    assert all(not event.note and event.actor is None for event in old.events.all())
    assert not any("Peeters" in str(row.__dict__) for row in old.history.all())
    # What stays: infrastructure, regions, size class, country, the dates of each status, outcome.
    assert (old.infrastructure, list(old.regions.all()), old.company_size, old.country.code, old.status) == (
        cast.published_a, [cast.region_a], "micro", "NL", "completed",
    )  # fmt: skip
    assert list(old.events.values_list("status", "created_at")) == dates_before
    assert indicators.access_counts() == counts_before
    recent.refresh_from_db()
    assert recent.company_name == "Recent BV" and recent.anonymised_at is None


def test_indicators_count_requests_received_and_accesses_completed(cast):
    year = timezone.now().year
    completed = factories.access_request(cast.published_a, company_size="small")
    for status in ("in_discussion", "accepted", "completed"):
        services.access_request_move(
            user=cast.users["manager_a"], access_request=completed, status=status, origin="t"
        )
    services.access_request_move(
        user=cast.users["manager_a"], access_request=completed, note="Invoice sent", origin="t"
    )
    factories.access_request(cast.published_a, company_size="small")
    factories.access_request(cast.published_b, company_size="large")
    rows = {
        (row["region"], row["infrastructure"], row["company_size"]): (row["received"], row["completed"])
        for row in indicators.access_counts()
        if row["year"] == year
    }
    assert rows == {
        (cast.region_a.pk, cast.published_a.pk, "small"): (2, 1),
        (cast.region_b.pk, cast.published_b.pk, "large"): (1, 0),
    }


def test_the_daily_housekeeping_job_anonymises_and_is_queued_once(cast, settings):
    from django_tasks_db.models import DBTaskResult

    old = factories.access_request(cast.published_a)
    age(old, settings.ACCESS_REQUEST_RETENTION_DAYS + 1)
    # The tests' backend runs a job at once: the job anonymises what is due.
    call_command("schedule_housekeeping", verbosity=0)
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.company_name == ""

    # With the database queue (bin/serve's), scheduling twice queues it once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("schedule_housekeeping", verbosity=0)
    call_command("schedule_housekeeping", verbosity=0)
    assert DBTaskResult.objects.filter(task_path="access.tasks.housekeeping").count() == 1


def test_anonymising_leaves_no_company_name_in_the_admin_log(client, cast):
    moved = factories.access_request(cast.published_a, company_name="Acme Secret Optics")
    client.force_login(cast.users["manager_a"])
    url = reverse("admin:access_accessrequest_change", args=[moved.pk])
    with run_after_commit():
        client.post(url, form_data(client.get(url)) | {"status": "in_discussion"})
    AccessRequest.objects.filter(pk=moved.pk).update(updated_at=timezone.now() - timedelta(days=3000))
    assert services.anonymise_access_requests() == 1
    assert not LogEntry.objects.filter(object_repr__contains="Acme Secret").exists()
    assert "Acme Secret" not in client.get(reverse("admin:index")).content.decode()


def test_a_request_noted_on_yesterday_is_not_anonymised(cast):
    request = factories.access_request(cast.published_a, status="in_discussion")
    AccessRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now() - timedelta(days=800))
    services.access_request_move(
        user=cast.users["manager_a"], access_request=request, note="Samples arrive next week.", origin="t"
    )
    services.anonymise_access_requests(older_than_days=730)
    request.refresh_from_db()
    assert request.anonymised_at is None and request.company_name == "Acme"


def test_a_request_moved_on_after_it_was_found_due_is_kept(cast):
    request = factories.access_request(cast.published_a)
    long_ago = timezone.now() - timedelta(days=800)
    AccessRequest.objects.filter(pk=request.pk).update(updated_at=long_ago)
    # Found due, then a curator (another process) moves it on before the row is locked.
    services.access_request_move(
        user=cast.users["manager_a"], access_request=request, status="in_discussion", origin="t"
    )
    cutoff = timezone.now() - timedelta(days=730)
    assert services.access_request_anonymise(request.pk, before=cutoff, now=timezone.now()) is False
    request.refresh_from_db()
    assert request.anonymised_at is None and request.company_name == "Acme"


def test_housekeeping_is_queued_again_even_when_a_run_fails(cast, settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from access import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def fails(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "anonymise_access_requests", fails)
    with pytest.raises(RuntimeError):
        tasks.housekeeping.call()
    assert DBTaskResult.objects.filter(task_path="access.tasks.housekeeping").exists()
