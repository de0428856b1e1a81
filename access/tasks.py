"""Background work of the access app (Django's tasks API), queued by the services after commit."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

from access import services

HOUSEKEEPING_EVERY = timedelta(days=1)


@task()
def send_notification(notification_id):
    services.notification_send(notification_id)


def retry_later(notification_id, retry_at):
    """Queue another try at `retry_at`. A backend that cannot defer (the tests' immediate one)
    leaves it to the daily housekeeping and to `manage.py send_pending_mail`."""
    if default_task_backend.supports_defer:
        send_notification.using(run_after=retry_at).enqueue(notification_id)


@task()
def housekeeping():
    """Daily: anonymise requests and delete reports of outdated information past the retention
    period, send the e-mails still due; then queue itself for the next day
    (`manage.py schedule_housekeeping` starts the chain)."""
    # The next run first: a failing run must not end the daily chain.
    if default_task_backend.supports_defer:
        housekeeping.using(run_after=timezone.now() + HOUSEKEEPING_EVERY).enqueue()
    services.anonymise_access_requests()
    services.delete_expired_outdated_reports()
    services.send_due_notifications()
