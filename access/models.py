"""On what terms a company gets in, and the enquiries companies send."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from access.querysets import AccessConditionQuerySet, AccessRequestQuerySet
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


class AccessRequest(models.Model):
    """An enquiry from a company about using an infrastructure."""

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

    infrastructure = models.ForeignKey(
        "infrastructures.Infrastructure",
        verbose_name=_("infrastructure"),
        related_name="access_requests",
        on_delete=models.PROTECT,
    )
    company_name = models.CharField(_("company"), max_length=200)
    company_size = models.CharField(_("company size"), max_length=10, choices=CompanySize.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    need = models.TextField(_("what you need"))
    wanted_from = models.DateField(_("wanted from"), null=True, blank=True)
    consent = models.BooleanField(
        _("consent"), help_text=_("Consent to pass the request to the infrastructure's contact.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
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
        ]

    def __str__(self):
        return f"{self.company_name} → {self.infrastructure}"

    @property
    def is_sme(self):
        return self.company_size != self.CompanySize.LARGE
