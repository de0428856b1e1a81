"""On what terms a company gets in, and the enquiries companies send."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from access.querysets import (
    AccessConditionQuerySet,
    AccessRequestQuerySet,
    NotificationQuerySet,
    OutdatedInformationReportQuerySet,
)
from rii_catalogue.writes import version_field


class Vocabulary(models.Model):
    """A fixed list of terms, keyed by a code that filters, the API and spreadsheets use."""

    code = models.SlugField(_("code"), max_length=30, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return self.name


class AccessForm(Vocabulary):
    """How a user reaches the infrastructure (EOSC's forms of access): hands-on, remote, mail-in..."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("form of access")
        verbose_name_plural = _("forms of access")


class BusinessModel(Vocabulary):
    """An SME-oriented business model: pay-per-use, membership, voucher-funded, mobile visit..."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("business model")
        verbose_name_plural = _("business models")


class AccessCondition(models.Model):
    """One way into an infrastructure: who may come, how, under which business model and terms."""

    class AccessMode(models.TextChoices):
        # The access modes of the European Charter for Access to Research Infrastructures.
        EXCELLENCE_DRIVEN = "excellence_driven", _("Excellence-driven")
        MARKET_DRIVEN = "market_driven", _("Market-driven")
        WIDE = "wide", _("Wide")

    infrastructure = models.ForeignKey(
        "infrastructures.Infrastructure",
        verbose_name=_("infrastructure"),
        related_name="access_conditions",
        on_delete=models.CASCADE,
    )
    access_mode = models.CharField(
        _("access mode"), max_length=20, choices=AccessMode.choices, blank=True, db_index=True
    )
    forms_of_access = models.ManyToManyField(
        AccessForm, verbose_name=_("forms of access"), related_name="access_conditions", blank=True
    )
    business_models = models.ManyToManyField(
        BusinessModel,
        verbose_name=_("business models"),
        related_name="access_conditions",
        blank=True,
    )
    # None means the source does not say; the public facet counts only a clear yes.
    open_to_smes = models.BooleanField(_("open to SMEs"), null=True, blank=True, db_index=True)
    request_required = models.BooleanField(
        _("request needed"),
        default=True,
        help_text=_("Whether a company must send a request or order before using it."),
    )
    eligibility = models.TextField(_("who is eligible"), blank=True)
    price_notes = models.TextField(_("price indication"), blank=True)
    lead_time_days = models.PositiveIntegerField(
        _("lead time (days)"),
        null=True,
        blank=True,
        help_text=_("Typical time from request to first use."),
    )
    training_terms = models.TextField(_("training"), blank=True)
    ip_terms = models.TextField(_("intellectual property"), blank=True)
    confidentiality_terms = models.TextField(_("confidentiality"), blank=True)
    version = version_field()

    objects = AccessConditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("access condition")
        verbose_name_plural = _("access conditions")
        ordering = ["infrastructure", "pk"]

    def __str__(self):
        return f"{self.infrastructure} – {self.get_access_mode_display() or _('access')}"


class PriceIndication(models.Model):
    """A structured price: per tier and unit, a 'from' amount or 'on quote'."""

    class Tier(models.TextChoices):
        ACADEMIC = "academic", _("Academic")
        SME = "sme", _("SME")
        LARGE_COMPANY = "large_company", _("Large company")

    class Unit(models.TextChoices):
        HOUR = "hour", _("per hour")
        DAY = "day", _("per day")
        SAMPLE = "sample", _("per sample")
        PROJECT = "project", _("per project")

    access_condition = models.ForeignKey(
        AccessCondition,
        verbose_name=_("access condition"),
        related_name="prices",
        on_delete=models.CASCADE,
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    amount_from = models.DecimalField(
        _("from (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    on_quote = models.BooleanField(_("on quote"), default=False)
    version = version_field()

    class Meta:
        verbose_name = _("price indication")
        verbose_name_plural = _("price indications")
        ordering = ["access_condition", "tier", "unit"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_from__isnull=True) | Q(amount_from__gte=0),
                name="price_amount_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount_from__isnull=False, on_quote=False)
                | Q(amount_from__isnull=True, on_quote=True),
                name="price_amount_or_on_quote",
                violation_error_message=_("Give a 'from' amount or mark the price as on quote."),
            ),
            models.UniqueConstraint(
                fields=["access_condition", "tier", "unit"],
                name="price_unique_tier_unit",
                violation_error_message=_("This tier and unit already have a price."),
            ),
        ]

    def __str__(self):
        if self.on_quote:
            return f"{self.get_tier_display()}: {_('on quote')}"
        return f"{self.get_tier_display()}: {_('from')} € {self.amount_from} {self.get_unit_display()}"


REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U


def new_reference():
    """RII-XXXX-XXXX: short enough to read out on the phone, random so that it says nothing."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"RII-{code[:4]}-{code[4:]}"


class AccessRequest(models.Model):
    """An enquiry from a company: about one infrastructure, or (one-stop) about a need the curators
    of the chosen regions route to the infrastructures that fit."""

    class CompanySize(models.TextChoices):
        # EU SME size classes, Commission Recommendation 2003/361/EC.
        MICRO = "micro", _("Micro (fewer than 10 staff)")
        SMALL = "small", _("Small (fewer than 50 staff)")
        MEDIUM = "medium", _("Medium (fewer than 250 staff)")
        LARGE = "large", _("Large (250 staff or more)")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        FORWARDED = "forwarded", _("Forwarded")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, editable=False, default=new_reference
    )
    # Empty for a one-stop request: the curators forward it (forwarded_to).
    infrastructure = models.ForeignKey(
        "infrastructures.Infrastructure",
        verbose_name=_("infrastructure"),
        related_name="access_requests",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # The regions whose curators handle it: the infrastructure's, or those the company chose.
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("regions"), related_name="access_requests"
    )
    themes = models.ManyToManyField(
        "infrastructures.Theme", verbose_name=_("themes"), related_name="access_requests", blank=True
    )
    forwarded_to = models.ManyToManyField(
        "infrastructures.Infrastructure",
        verbose_name=_("forwarded to"),
        related_name="forwarded_requests",
        blank=True,
    )
    company_name = models.CharField(_("company"), max_length=200)
    vat_number = models.CharField(_("VAT or enterprise number"), max_length=30, blank=True)
    company_size = models.CharField(_("company size"), max_length=10, choices=CompanySize.choices)
    country = CountryField(_("country"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    need = models.TextField(_("what you need"), max_length=5000)
    wanted_from = models.DateField(_("wanted from"), null=True, blank=True)
    wanted_until = models.DateField(_("wanted until"), null=True, blank=True)
    wants_updates = models.BooleanField(_("updates by e-mail"), default=False)
    consent = models.BooleanField(
        _("consent"), help_text=_("Consent to pass the request to the infrastructure's contact.")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    # What the company sent, hashed: the same request sent again within minutes is stored once.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    # Curators harvest requests by `updated_since`: an index on the time.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    version = version_field()

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True),
                name="access_request_has_consent",
                violation_error_message=_("An access request needs the company's consent."),
            ),
            models.CheckConstraint(
                condition=Q(wanted_until__isnull=True)
                | Q(wanted_from__isnull=True)
                | Q(wanted_until__gte=F("wanted_from")),
                name="access_request_period_in_order",
                violation_error_message=_("The end of the period comes before its start."),
            ),
        ]

    def __str__(self):
        # The reference only: this text is copied into logs (the admin's recent actions), which
        # anonymisation does not reach.
        return self.reference

    @property
    def is_sme(self):
        return self.company_size != self.CompanySize.LARGE

    @property
    def is_one_stop(self):
        return self.infrastructure_id is None

    def next_statuses(self):
        return [self.Status(status) for status in NEXT_STATUSES[self.status]]


# What a request says about the company and its people: emptied when it is anonymised, never
# copied into history. What stays is what the indicators count (see services.anonymise_requests).
PERSONAL_FIELDS = [
    "company_name", "vat_number", "contact_name", "contact_email", "contact_phone", "need", "wanted_from",
    "wanted_until", "fingerprint",
]  # fmt: skip

# How a request moves on; declined and completed are final.
_S = AccessRequest.Status
NEXT_STATUSES = {
    _S.NEW: [_S.FORWARDED, _S.IN_DISCUSSION, _S.DECLINED],
    _S.FORWARDED: [_S.IN_DISCUSSION, _S.ACCEPTED, _S.DECLINED],
    _S.IN_DISCUSSION: [_S.ACCEPTED, _S.DECLINED],
    _S.ACCEPTED: [_S.COMPLETED, _S.DECLINED],
    _S.DECLINED: [],
    _S.COMPLETED: [],
}


class AccessRequestEvent(models.Model):
    """One step of a request: received, moved on, forwarded or annotated, by whom and when.
    The indicators count these (requests received, completed accesses)."""

    access_request = models.ForeignKey(
        AccessRequest, verbose_name=_("access request"), related_name="events", on_delete=models.CASCADE
    )
    # Blank for the event that records the request's arrival.
    from_status = models.CharField(
        _("from status"), max_length=20, choices=AccessRequest.Status.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=AccessRequest.Status.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access request event")
        verbose_name_plural = _("access request events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.access_request.reference}: {self.get_status_display()}"


class OutdatedInformationReport(models.Model):
    """A visitor's note that an entry is out of date, for the curators of the entry's region: a
    message and, when they want an answer, an e-mail address. No account; deleted after the
    retention period (services.delete_expired_outdated_reports)."""

    infrastructure = models.ForeignKey(
        "infrastructures.Infrastructure",
        verbose_name=_("infrastructure"),
        related_name="outdated_reports",
        # A note about an entry that is gone has nothing left to correct.
        on_delete=models.CASCADE,
    )
    message = models.TextField(_("what is out of date"), max_length=2000)
    reply_email = models.EmailField(_("e-mail address for an answer"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    handled = models.BooleanField(_("handled"), default=False, db_index=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    # The retention period runs from the last change (services.delete_expired_outdated_reports).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    version = version_field()

    objects = OutdatedInformationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report of outdated information")
        verbose_name_plural = _("reports of outdated information")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(handled=True, handled_at__isnull=False)
                | Q(handled=False, handled_at__isnull=True),
                name="outdated_report_handled_has_a_date",
                violation_error_message=_("A handled report has the date it was handled, an open one none."),
            ),
        ]

    def __str__(self):
        # No message here: this text may be copied into logs.
        return _("Report #%(pk)s about %(name)s") % {"pk": self.pk, "name": self.infrastructure}


class Notification(models.Model):
    """An e-mail about a request or a report of outdated information, stored before it is sent so
    that a failing mail server loses nothing: the job that sends it retries with back-off, and
    curators see what is still unsent."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("New request (to the curators and the infrastructure's contact)")
        CONFIRMATION = "confirmation", _("Confirmation (to the company)")
        FORWARDED = "forwarded", _("Forwarded (to an infrastructure)")
        STATUS = "status", _("Status change (to the company)")
        OUTDATED = "outdated", _("Outdated information reported (to the curators)")

    # One of the two: what the e-mail is about.
    access_request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("access request"),
        related_name="notifications",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    outdated_report = models.ForeignKey(
        OutdatedInformationReport,
        verbose_name=_("report of outdated information"),
        related_name="notifications",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(access_request__isnull=False, outdated_report__isnull=True)
                | Q(access_request__isnull=True, outdated_report__isnull=False),
                name="notification_about_one_thing",
                violation_error_message=_("An e-mail is about one request or one report."),
            ),
        ]

    def __str__(self):
        return self.subject
