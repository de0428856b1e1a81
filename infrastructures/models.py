"""The catalogue's domain: organisations, infrastructures and what they hold, themes, funding, clusters."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infrastructures.querysets import (
    FundingRecordQuerySet,
    InfrastructureQuerySet,
    OrganisationQuerySet,
)

TRL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(9)]


class Theme(models.Model):
    """A technology or policy theme, such as the six Flemish-Dutch high-tech themes."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:theme", kwargs={"slug": self.slug})


class Organisation(models.Model):
    """An owner or operator of infrastructures: a research centre, university, lab or company."""

    class Kind(models.TextChoices):
        RESEARCH_CENTRE = "research_centre", _("Research centre")
        UNIVERSITY = "university", _("University")
        UNIVERSITY_LAB = "university_lab", _("University research group or lab")
        COMPANY = "company", _("Company")
        DEVELOPMENT_AGENCY = "development_agency", _("Regional development agency")
        INDUSTRY_ASSOCIATION = "industry_association", _("Industry association or network")
        PUBLIC_BODY = "public_body", _("Public body")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        related_name="organisations",
        on_delete=models.PROTECT,
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="organisation_not_own_parent",
                violation_error_message=_("An organisation cannot be part of itself."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:organisation", kwargs={"slug": self.slug})

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
            ancestor = ancestor.parent


class Infrastructure(models.Model):
    """The thing an SME uses: a lab, pilot line, test bed or piece of shared equipment."""

    class Kind(models.TextChoices):
        LAB = "lab", _("Lab")
        PILOT_LINE = "pilot_line", _("Pilot line")
        TEST_BED = "test_bed", _("Test bed")
        OPEN_FIELD_LAB = "open_field_lab", _("Open field lab")
        LIVING_LAB = "living_lab", _("Living lab")
        DEMONSTRATOR = "demonstrator", _("Demonstrator")
        MOBILE_LAB = "mobile_lab", _("Mobile lab")
        CLEANROOM = "cleanroom", _("Cleanroom")
        SHARED_EQUIPMENT = "shared_equipment", _("Shared equipment")

    class OperationalStatus(models.TextChoices):
        OPERATIONAL = "operational", _("Operational")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        PLANNED = "planned", _("Planned")
        DECOMMISSIONED = "decommissioned", _("Decommissioned")

    class PublicationState(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    status = models.CharField(
        _("operational status"),
        max_length=30,
        choices=OperationalStatus.choices,
        default=OperationalStatus.OPERATIONAL,
    )
    publication_state = models.CharField(
        _("publication state"),
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        related_name="owned_infrastructures",
        on_delete=models.PROTECT,
    )
    operators = models.ManyToManyField(
        Organisation,
        verbose_name=_("operators"),
        related_name="operated_infrastructures",
        blank=True,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        related_name="infrastructures",
        on_delete=models.PROTECT,
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("For a mobile lab, its home base."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="infrastructures", blank=True
    )
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, help_text=_("Comma-separated."))
    trl_min = models.PositiveSmallIntegerField(
        _("lowest TRL"),
        null=True,
        blank=True,
        validators=TRL_VALIDATORS,
        help_text=_("Technology readiness level, 1 to 9."),
    )
    trl_max = models.PositiveSmallIntegerField(
        _("highest TRL"), null=True, blank=True, validators=TRL_VALIDATORS
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    last_reviewed_on = models.DateField(
        _("last verified on"),
        null=True,
        blank=True,
        help_text=_("When a curator last checked this entry against its source."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Derived search index, rebuilt by infrastructures.search after every change (see signals.py):
    # all searchable text in both languages, and on PostgreSQL its weighted tsvector.
    search_document = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(editable=False, null=True)

    objects = InfrastructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("infrastructure")
        verbose_name_plural = _("infrastructures")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["publication_state", "region"], name="infra_state_region_idx"),
            models.Index(fields=["publication_state", "kind"], name="infra_state_kind_idx"),
            models.Index(fields=["trl_min", "trl_max"], name="infra_trl_idx"),
            models.Index(fields=["updated_at"], name="infra_updated_idx"),
            models.Index(fields=["last_reviewed_on"], name="infra_reviewed_idx"),
            GinIndex(fields=["search_vector"], name="infra_search_vector_idx"),
            GinIndex(fields=["search_document"], name="infra_search_trgm_idx", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(trl_min__isnull=True) | Q(trl_min__gte=1, trl_min__lte=9),
                name="infrastructure_trl_min_range",
                violation_error_message=_("The lowest TRL must be between 1 and 9."),
            ),
            models.CheckConstraint(
                condition=Q(trl_max__isnull=True) | Q(trl_max__gte=1, trl_max__lte=9),
                name="infrastructure_trl_max_range",
                violation_error_message=_("The highest TRL must be between 1 and 9."),
            ),
            models.CheckConstraint(
                condition=Q(trl_min__isnull=True) | Q(trl_max__isnull=True) | Q(trl_min__lte=F("trl_max")),
                name="infrastructure_trl_min_lte_max",
                violation_error_message=_("The lowest TRL cannot be above the highest."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="infrastructure_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="infrastructure_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="infrastructure_coordinates_together",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:infrastructure", kwargs={"slug": self.slug})

    def clean(self):
        # The database constraints say the same; here the message lands on the field to fix.
        if self.trl_min and self.trl_max and self.trl_min > self.trl_max:
            raise ValidationError({"trl_min": _("The lowest TRL cannot be above the highest.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})

    @property
    def keyword_list(self):
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_published(self):
        return self.publication_state == self.PublicationState.PUBLISHED


class PublicationEvent(models.Model):
    """One change of an infrastructure's publication state: who, when, from where."""

    class Origin(models.TextChoices):
        ADMIN = "admin", _("Admin")
        API = "api", _("API")
        IMPORT = "import", _("Import")
        COMMAND = "command", _("Command")

    infrastructure = models.ForeignKey(
        Infrastructure,
        verbose_name=_("infrastructure"),
        related_name="publication_events",
        on_delete=models.CASCADE,
    )
    from_state = models.CharField(
        _("from"), max_length=20, choices=Infrastructure.PublicationState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=Infrastructure.PublicationState.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    origin = models.CharField(_("through"), max_length=10, choices=Origin.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("publication event")
        verbose_name_plural = _("publication events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.infrastructure}: {self.from_state or '–'} → {self.to_state}"


class Equipment(models.Model):
    """A piece of equipment or a service inside an infrastructure."""

    infrastructure = models.ForeignKey(
        Infrastructure,
        verbose_name=_("infrastructure"),
        related_name="equipment",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=200, blank=True)
    model_number = models.CharField(_("model"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment")
        ordering = ["infrastructure", "name"]

    def __str__(self):
        return self.name


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
        Infrastructure,
        verbose_name=_("infrastructure"),
        related_name="funding_records",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
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
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = FundingRecordQuerySet.as_manager()

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


class Cluster(models.Model):
    """A spearhead cluster or innovative business network whose members own or use infrastructures."""

    class Kind(models.TextChoices):
        SPEARHEAD = "spearhead", _("Spearhead cluster")
        BUSINESS_NETWORK = "business_network", _("Innovative business network")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        related_name="clusters",
        on_delete=models.PROTECT,
    )
    recognised_in = models.PositiveSmallIntegerField(_("recognised in (year)"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="clusters", blank=True)
    members = models.ManyToManyField(
        Organisation, verbose_name=_("members"), related_name="clusters", blank=True
    )

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:cluster", kwargs={"slug": self.slug})
