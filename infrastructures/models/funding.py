"""Funding: programmes with their priority axes, and what each paid to whom."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from infrastructures.querysets import FundingRecordQuerySet
from rii_catalogue.writes import updated_at_field, version_field


class FundingProgramme(models.Model):
    """A funding instrument: an ERDF or Interreg programme, Horizon 2020, a regional budget."""

    class Kind(models.TextChoices):
        ERDF = "erdf", _("ERDF regional programme")
        INTERREG = "interreg", _("Interreg")
        EU_FRAMEWORK = "eu_framework", _("EU research framework programme")
        REGIONAL = "regional", _("Regional budget")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    cci_code = models.CharField(
        _("CCI code"),
        max_length=20,
        blank=True,
        help_text=_("The European Commission's programme code, where one exists."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        related_name="funding_programmes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The region whose managing authority runs the programme, if one does."),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    updated_at = updated_at_field()

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=F("end_year")),
                name="programme_years_ordered",
                violation_error_message=_("The start year cannot be after the end year."),
            ),
        ]

    def __str__(self):
        return self.name


class PriorityAxis(models.Model):
    """A priority axis of a programme, e.g. ERDF Flanders 2014-2020 axis 1."""

    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("programme"),
        related_name="priority_axes",
        on_delete=models.CASCADE,
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("priority axis")
        verbose_name_plural = _("priority axes")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="priority_axis_unique_code",
                violation_error_message=_("This programme already has an axis with this code."),
            ),
        ]

    def __str__(self):
        return f"{self.programme} – {self.code}. {self.name}"


class FundingRecord(models.Model):
    """Money from one programme to one infrastructure or one organisation (never both)."""

    class OperatingGrant(models.TextChoices):
        # An organisation's yearly operating grant comes in two parts that its funder reports apart
        # (seed 004: Flanders Make's "recurrent" budget line and "one-off" Hermes Fund money).
        RECURRENT = "recurrent", _("Recurrent operating grant")
        ONE_OFF = "one_off", _("One-off operating grant")

    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("programme"),
        related_name="funding_records",
        on_delete=models.PROTECT,
    )
    priority_axis = models.ForeignKey(
        PriorityAxis,
        verbose_name=_("priority axis"),
        related_name="funding_records",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    project = models.CharField(_("project or operation"), max_length=200, blank=True, db_index=True)
    infrastructure = models.ForeignKey(
        "infrastructures.Infrastructure",
        verbose_name=_("infrastructure"),
        related_name="funding_records",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "infrastructures.Organisation",
        verbose_name=_("organisation"),
        related_name="funding_records",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Total amount; leave empty if unknown."),
    )
    eu_amount = models.DecimalField(
        _("EU share (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    operating_grant = models.CharField(
        _("operating grant"),
        max_length=10,
        choices=OperatingGrant.choices,
        blank=True,
        help_text=_(
            "For an organisation's operating grant: its recurrent or its one-off part. "
            "Leave empty for project funding and other support."
        ),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = version_field()
    updated_at = updated_at_field()

    objects = FundingRecordQuerySet.as_manager()
    constraints_checked_in_clean = True  # see clean()

    class Meta:
        verbose_name = _("funding record")
        verbose_name_plural = _("funding records")
        ordering = ["programme", "start_year", "pk"]
        indexes = [
            models.Index(fields=["programme", "start_year"], name="funding_programme_year_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(infrastructure__isnull=False, organisation__isnull=True)
                | Q(infrastructure__isnull=True, organisation__isnull=False),
                name="funding_exactly_one_target",
                violation_error_message=_(
                    "A funding record goes to exactly one infrastructure or one organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(eu_amount__isnull=True) | Q(eu_amount__gte=0),
                name="funding_eu_amount_not_negative",
                violation_error_message=_("The EU share cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(eu_amount__isnull=True) | Q(amount__isnull=True) | Q(eu_amount__lte=F("amount")),
                name="funding_eu_share_within_amount",
                violation_error_message=_("The EU share cannot exceed the total amount."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=F("end_year")),
                name="funding_years_ordered",
                violation_error_message=_("The start year cannot be after the end year."),
            ),
        ]

    def __str__(self):
        target = self.infrastructure or self.organisation
        return f"{self.programme} → {target}"

    def clean(self):
        if (
            self.priority_axis_id
            and self.programme_id
            and (self.priority_axis.programme_id != self.programme_id)
        ):
            raise ValidationError({"priority_axis": _("This priority axis belongs to another programme.")})
        # The check constraints, stated here with the message on the field (so the services need not
        # ask the database once per constraint); the database still enforces them.
        if self.infrastructure_id and self.organisation_id:
            raise ValidationError(
                _("A funding record goes to exactly one infrastructure or one organisation.")
            )
        if self.amount is not None and self.eu_amount is not None and self.eu_amount > self.amount:
            raise ValidationError({"eu_amount": _("The EU share cannot exceed the total amount.")})
        if self.start_year and self.end_year and self.start_year > self.end_year:
            raise ValidationError({"start_year": _("The start year cannot be after the end year.")})
        # A regional programme (an ERDF programme) funds only its own region; programmes without a
        # region (Interreg, Horizon 2020) fund anyone. The operator may still come from elsewhere.
        # An entry not saved yet (a row an import is about to create) is the target all the same.
        target = self.infrastructure or self.organisation
        if self.programme_id and target is not None:
            programme_region_id = self.programme.region_id
            if programme_region_id is not None and programme_region_id != target.region_id:
                raise ValidationError(
                    {
                        "programme": _("%(programme)s funds only entries of %(region)s.")
                        % {"programme": self.programme, "region": self.programme.region}
                    }
                )
