"""Every write to access conditions, their prices and access requests.

Access requests: a company's request is stored first (once, however often it is sent), then its
e-mails are queued as jobs after the commit; curators move it on, each move an event; after the
retention period it is anonymised down to what the indicators count. (tasks.py is imported where
it is used: it imports this module in turn.)

Reports of outdated information: stored once, mailed (as a job, after the commit) to the curators of
the entry's region, marked handled by one of them, deleted after the retention period.

Access conditions and prices belong to an infrastructure: they follow the one path of
`infrastructures.services.dependent_save` (the entry's regional rights before and after, version,
history with user and door, the entry re-indexed after commit).
"""

import hashlib
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import mail
from access.models import (
    PERSONAL_FIELDS,
    AccessRequest,
    AccessRequestEvent,
    Notification,
    OutdatedInformationReport,
    new_reference,
)
from infrastructures import services as entry_services
from infrastructures.models import Infrastructure
from regions import roles
from regions.models import Region
from rii_catalogue import writes


def access_condition_save(*, user, access_condition, data, origin, expected_version=None):
    return entry_services.dependent_save(
        user=user, row=access_condition, data=data, origin=origin, expected_version=expected_version
    )


def price_indication_save(*, user, price, data, origin, expected_version=None):
    return entry_services.dependent_save(
        user=user, row=price, data=data, origin=origin, expected_version=expected_version
    )


# Requests from companies


def _same_text(text):
    """Text as a repeat is recognised: spacing and capitals do not count."""
    return " ".join(text.split()).casefold()


def _locked_published(infrastructure, refusal):
    """The entry, locked, if it is published: a draft or archived entry takes no request or
    report, whatever door it comes by."""
    locked = (
        Infrastructure.objects.published()
        .select_for_update(no_key=True, of=("self",))
        .select_related("region")
        .filter(pk=infrastructure.pk)
        .first()
    )
    if locked is None:
        raise ValidationError({"infrastructure": refusal})
    return locked


def _fingerprint(values, infrastructure, regions, themes):
    """The same request sent again: a double click, a reload, a client retrying. Every field counts
    (a corrected phone number makes another request); spacing and capitals do not."""
    parts = [
        *(str(values.get(name, "")) for name in sorted(values)),
        str(infrastructure.pk if infrastructure else ""),
        ",".join(sorted(str(region.pk) for region in regions)),
        ",".join(sorted(str(theme.pk) for theme in themes)),
    ]
    normalised = "\x1f".join(_same_text(str(part)) for part in parts)
    return hashlib.sha256(normalised.encode()).hexdigest()


@transaction.atomic
def access_request_submit(*, values, infrastructure=None, regions=(), themes=(), language, origin):
    """Store a company's request and queue its e-mails; return (request, created).

    `values` are the request's own fields, already validated by the form or the serializer. A
    request about an infrastructure goes to its region's curators and its contact; a one-stop
    request to the curators of `regions`. The same request sent again within minutes is the first
    one (created False): nothing is stored or mailed twice.
    """
    if infrastructure is not None:
        infrastructure = _locked_published(infrastructure, _("This infrastructure takes no requests."))
        regions = [infrastructure.region]
    elif not regions:
        raise ValidationError({"regions": _("Choose at least one region.")})
    else:
        # Locked in one order: two copies of the same request wait for each other here.
        regions = list(
            Region.objects.select_for_update().filter(pk__in=[r.pk for r in regions]).order_by("pk")
        )
    themes = list(themes)
    fingerprint = _fingerprint(values, infrastructure, regions, themes)
    window = timezone.now() - timedelta(minutes=settings.ACCESS_REQUEST_DUPLICATE_MINUTES)
    earlier = AccessRequest.objects.filter(fingerprint=fingerprint, created_at__gte=window).first()
    if earlier is not None:
        return earlier, False

    access_request = AccessRequest(
        **values,
        infrastructure=infrastructure,
        language=language,
        fingerprint=fingerprint,
    )
    while AccessRequest.objects.filter(reference=access_request.reference).exists():
        access_request.reference = new_reference()
    writes.save_checked(access_request, user=None, origin=origin)
    access_request.regions.set(regions)
    access_request.themes.set(themes)
    AccessRequestEvent.objects.create(access_request=access_request, status=AccessRequest.Status.NEW)
    _queue(mail.request_received(access_request))
    _queue(mail.confirmation(access_request))
    return access_request, True


@transaction.atomic
def access_request_move(
    *, user, access_request, status=None, note="", forward_to=(), origin, expected_version=None
):
    """A curator of the request's regions moves it on (or only notes something), as one event.

    Forwarding sends the request to the chosen published infrastructures of the curator's regions.
    The company is told of a new status when it asked for updates. What it wrote stays as it was.
    """
    writes.lock(access_request)
    if not AccessRequest.objects.editable_by(user).filter(pk=access_request.pk).exists():
        raise PermissionDenied(_("Only the curators of the request's regions handle this request."))
    writes.check_version(access_request, expected_version)
    previous = access_request.status
    status = status or previous
    forward_to = list(forward_to)
    if forward_to and status == AccessRequest.Status.NEW:
        status = AccessRequest.Status.FORWARDED
    if status != previous and status not in access_request.next_statuses():
        raise ValidationError(
            {
                "status": _("A request that is “%(from)s” cannot become “%(to)s”.")
                % {"from": access_request.get_status_display(), "to": AccessRequest.Status(status).label}
            }
        )
    if (
        status == AccessRequest.Status.FORWARDED
        and access_request.is_one_stop
        and not forward_to
        and not access_request.forwarded_to.exists()
    ):
        raise ValidationError({"forward_to": _("Choose the infrastructures to forward this request to.")})
    for infrastructure in forward_to:
        if not (infrastructure.is_published and roles.may_edit_region(user, infrastructure.region_id)):
            raise ValidationError(
                {"forward_to": _("Forward only to published infrastructures of your regions.")}
            )
    if status == previous and not note.strip() and not forward_to:
        return access_request  # nothing to record

    if forward_to:
        names = ", ".join(str(infrastructure) for infrastructure in forward_to)
        note = "\n".join(filter(None, [_("Forwarded to %(names)s.") % {"names": names}, note.strip()]))
    event = AccessRequestEvent(
        access_request=access_request, from_status=previous, status=status, note=note.strip(), actor=user
    )
    event.full_clean()
    event.save()
    # Every event is a change of the request: its version (the API's ETag) and its last change
    # (from which the retention period runs) move on, whether or not the status does.
    access_request.status = status
    writes.save_checked(access_request, user=user, origin=origin, changed=["status"])
    if forward_to:
        access_request.forwarded_to.add(*forward_to)
        for infrastructure in forward_to:
            _queue(mail.forwarded(access_request, infrastructure))
    if status != previous and access_request.wants_updates:
        _queue(mail.status_changed(access_request, event))
    return access_request


def anonymise_access_requests(*, older_than_days=None, now=None):
    """Anonymise the requests unchanged for the retention period; return how many were."""
    days = settings.ACCESS_REQUEST_RETENTION_DAYS if older_than_days is None else older_than_days
    now = now or timezone.now()
    before = now - timedelta(days=days)
    due = AccessRequest.objects.due_for_anonymising(before).values_list("pk", flat=True)
    return sum(access_request_anonymise(pk, before=before, now=now) for pk in list(due))


@transaction.atomic
def access_request_anonymise(pk, *, before, now):
    """Empty what identifies the company and its people, keeping what the indicators count:
    infrastructure, regions, size class, country, the dates of each status, the outcome. Its
    e-mails go too. Only if it is still unchanged since `before`, asked under the lock: a curator
    may have moved it on since it was found due."""
    access_request = (
        AccessRequest.objects.select_for_update().filter(pk=pk).due_for_anonymising(before).first()
    )
    if access_request is None:
        return False
    for name in PERSONAL_FIELDS:
        field = AccessRequest._meta.get_field(name)
        setattr(access_request, name, None if field.null else "")
    access_request.wants_updates = False
    access_request.anonymised_at = now
    access_request.version += 1  # its ETag changes: API clients drop what they cached
    writes.tag(access_request, user=None, origin="retention")
    access_request.save()
    access_request.events.update(note="", actor=None)
    access_request.notifications.all().delete()
    # The admin's "recent actions" name the object as it was; they now say its reference.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AccessRequest), object_id=str(pk)
    ).update(object_repr=str(access_request))
    return True


# Reports of outdated information


@transaction.atomic
def outdated_report_submit(*, infrastructure, values, language, origin):
    """Store a visitor's report about a published entry and queue the mail to the curators of its
    region; return (report, created). The same report sent again within minutes (a double click, a
    reload) is the first one: nothing is stored or mailed twice."""
    infrastructure = _locked_published(infrastructure, _("This infrastructure takes no reports."))
    window = timezone.now() - timedelta(minutes=settings.ACCESS_REQUEST_DUPLICATE_MINUTES)
    same = _same_text(values.get("message", ""))
    reply_email = values.get("reply_email", "").strip().casefold()
    for earlier in OutdatedInformationReport.objects.filter(
        infrastructure=infrastructure, created_at__gte=window
    ).only("pk", "message", "reply_email"):
        if _same_text(earlier.message) == same and earlier.reply_email.casefold() == reply_email:
            return earlier, False
    report = OutdatedInformationReport(**values, infrastructure=infrastructure, language=language)
    writes.save_checked(report, user=None, origin=origin)
    _queue(mail.outdated_reported(report))
    return report, True


@transaction.atomic
def outdated_report_set_handled(*, user, report, handled, origin):
    """A curator of the entry's region marks the report handled (or open again)."""
    writes.lock(report)
    if not OutdatedInformationReport.objects.editable_by(user).filter(pk=report.pk).exists():
        raise PermissionDenied(_("Only the curators of the entry's region handle this report."))
    if report.handled == handled:
        return report
    report.handled = handled
    report.handled_at = timezone.now() if handled else None
    report.handled_by = writes.user_or_none(user) if handled else None
    writes.save_checked(report, user=user, origin=origin, changed=["handled", "handled_at", "handled_by"])
    return report


def delete_expired_outdated_reports(*, older_than_days=None, now=None):
    """Delete the reports unchanged for the retention period (their e-mails with them); return how
    many were. The privacy note on the form promises it."""
    days = settings.ACCESS_REQUEST_RETENTION_DAYS if older_than_days is None else older_than_days
    before = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        _total, by_model = OutdatedInformationReport.objects.due_for_deletion(before).delete()
    return by_model.get(OutdatedInformationReport._meta.label, 0)


# E-mail: stored first, sent by a job, retried with back-off

RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
MAX_ATTEMPTS = 12  # about a day; then the mail stays unsent and flagged for the curators to act on
CLAIM_FOR = timedelta(minutes=5)  # a worker sending a mail holds it this long


def _queue(notifications):
    from access import tasks

    for notification in notifications:
        notification.save()
        transaction.on_commit(partial(tasks.send_notification.enqueue, notification.pk))


def notification_send(notification_id):
    """Send one stored e-mail unless it is sent or another worker holds it. On failure the request
    is flagged (its unsent, failed mail shows on the curators' pages) and another try is queued."""
    now = timezone.now()
    claimed = Notification.objects.due().filter(pk=notification_id).update(next_attempt_at=now + CLAIM_FOR)
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=notification.recipients,
    )
    try:
        message.send()  # outside any transaction: a slow mail server holds no database lock
    except Exception as error:  # any failure of the mail server: kept, retried, flagged
        attempts = notification.attempts + 1
        retry_at = now + RETRY_AFTER[min(attempts, len(RETRY_AFTER)) - 1] if attempts < MAX_ATTEMPTS else None
        Notification.objects.filter(pk=notification_id).update(
            attempts=attempts, last_error=f"{type(error).__name__}: {error}"[:500], next_attempt_at=retry_at
        )
        if retry_at is not None:
            from access import tasks

            tasks.retry_later(notification_id, retry_at)
        return False
    Notification.objects.filter(pk=notification_id).update(
        sent_at=timezone.now(), attempts=notification.attempts + 1, last_error="", next_attempt_at=None
    )
    return True


def send_due_notifications():
    """Every stored e-mail whose time has come (the daily job, and `send_pending_mail`)."""
    return sum(notification_send(pk) for pk in list(Notification.objects.due().values_list("pk", flat=True)))
