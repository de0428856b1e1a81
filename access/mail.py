"""The e-mails about a request (or a report of outdated information), composed in the sender's
language (curators read both) and returned unsaved: services store them, then a job sends each
(services.notification_send)."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from access.models import Notification
from regions import roles


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def curators_of(access_request):
    """The e-mail addresses of the curators of each of the request's regions (curators_of_regions)."""
    return curators_of_regions(list(access_request.regions.all()))


def curators_of_regions(regions):
    """The e-mail addresses of the active regional managers of each region; for a region without
    one, those of ACCESS_REQUEST_FALLBACK_EMAILS, else the superusers': no region's request or
    report goes unannounced."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    managers = users.filter(groups__name=roles.REGIONAL_MANAGER, region_assignments__region__in=regions)
    pairs = set(managers.values_list("region_assignments__region", "email"))
    addresses = {email for _region, email in pairs}
    managed = {region for region, _email in pairs}
    if any(region.pk not in managed for region in regions):
        fallback = settings.ACCESS_REQUEST_FALLBACK_EMAILS or users.filter(is_superuser=True).values_list(
            "email", flat=True
        )
        addresses.update(fallback)
    return sorted(addresses)


def _compose(access_request, kind, recipients, template, **context):
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return []
    with translation.override(access_request.language):
        context.update(
            access_request=access_request,
            curation_url=absolute(reverse("access:curate", args=[access_request.reference])),
            privacy_url=absolute(reverse("access:privacy")),
        )
        text = render_to_string(f"access/mail/{template}.txt", context)
    subject, body = text.lstrip().split("\n", 1)
    body = re.sub(r"\n{3,}", "\n\n", body)  # the templates' optional lines leave gaps
    return [
        Notification(
            access_request=access_request,
            kind=kind,
            recipients=recipients,
            subject=subject.strip(),
            body=body.strip() + "\n",
        )
    ]


def request_received(access_request):
    """To the curators of its regions and, apart (they need not see each other's addresses), to
    the contact of the infrastructure it is about."""
    infrastructure = access_request.infrastructure
    context = {"regions": access_request.regions.all(), "themes": access_request.themes.all()}
    to_curators = _compose(
        access_request, Notification.Kind.RECEIVED, curators_of(access_request), "received", **context
    )
    if infrastructure is None or not infrastructure.contact_email:
        return to_curators
    return to_curators + _compose(
        access_request, Notification.Kind.RECEIVED, [infrastructure.contact_email], "received", **context
    )


def confirmation(access_request):
    return _compose(
        access_request, Notification.Kind.CONFIRMATION, [access_request.contact_email], "confirmation"
    )


def forwarded(access_request, infrastructure):
    return _compose(
        access_request,
        Notification.Kind.FORWARDED,
        [infrastructure.contact_email],
        "forwarded",
        infrastructure=infrastructure,
        themes=access_request.themes.all(),
    )


def status_changed(access_request, event):
    return _compose(
        access_request, Notification.Kind.STATUS, [access_request.contact_email], "status", event=event
    )


def outdated_reported(report):
    """To the curators of the entry's region: what the visitor wrote and where to answer."""
    infrastructure = report.infrastructure
    recipients = curators_of_regions([infrastructure.region])
    if not recipients:
        return []
    with translation.override(report.language):
        text = render_to_string(
            "access/mail/outdated.txt",
            {
                "report": report,
                "infrastructure": infrastructure,
                "entry_url": absolute(infrastructure.get_absolute_url()),
                "curation_url": absolute(reverse("access:curation-reports")),
            },
        )
    subject, body = text.lstrip().split("\n", 1)
    return [
        Notification(
            outdated_report=report,
            kind=Notification.Kind.OUTDATED,
            recipients=recipients,
            subject=subject.strip(),
            body=re.sub(r"\n{3,}", "\n\n", body).strip() + "\n",
        )
    ]
