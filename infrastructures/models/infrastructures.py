"""Infrastructures, their equipment, and the record of their publication workflow."""

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infrastructures.querysets import EquipmentQuerySet, InfrastructureQuerySet
from rii_catalogue.writes import updated_at_field, version_field

TRL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(9)]


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
        "infrastructures.Organisation",
        verbose_name=_("owner"),
        related_name="owned_infrastructures",
        on_delete=models.PROTECT,
    )
    operators = models.ManyToManyField(
        "infrastructures.Organisation",
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
        "infrastructures.Theme", verbose_name=_("themes"), related_name="infrastructures", blank=True
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
    # Raised at every change of the entry or of its equipment, access conditions, prices and
    # funding (all part of its representation): the API's ETag, the admin's edit conflict check.
    version = version_field()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )

    # Derived search index on PostgreSQL (SQLite keeps an FTS5 table, models.search), rebuilt by
    # infrastructures.search after each committed change: the weighted stems of both languages.
    search_vector = SearchVectorField(editable=False, null=True)

    objects = InfrastructureQuerySet.as_manager()
    constraints_checked_in_clean = True  # clean() and the field validators state every check constraint

    class Meta:
        verbose_name = _("infrastructure")
        verbose_name_plural = _("infrastructures")
        ordering = ["name"]
        # Public pages read published entries only: each facet's counts, the name order of pages and
        # API pages, and the ids other tables join on come from these indexes alone (index-only
        # scans), not from the whole rows, which carry descriptions and the search vector.
        indexes = [
            models.Index(fields=["publication_state", "region"], name="infra_state_region_idx"),
            models.Index(fields=["publication_state", "kind"], name="infra_state_kind_idx"),
            models.Index(fields=["publication_state", "owner"], name="infra_state_owner_idx"),
            models.Index(fields=["publication_state", "trl_min", "trl_max"], name="infra_state_trl_idx"),
            models.Index(fields=["publication_state", "name_en", "id"], name="infra_state_name_en_idx"),
            models.Index(fields=["publication_state", "name_nl", "id"], name="infra_state_name_nl_idx"),
            models.Index(
                fields=["publication_state", "latitude", "longitude"], name="infra_state_located_idx"
            ),
            models.Index(fields=["updated_at"], name="infra_updated_idx"),
            models.Index(fields=["last_reviewed_on"], name="infra_reviewed_idx"),
            GinIndex(fields=["search_vector"], name="infra_search_vector_idx"),
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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._stored_place = self._raw_place()

    def get_absolute_url(self):
        return reverse("catalogue:infrastructure", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        entry = super().from_db(db, field_names, values)
        entry._stored_place = entry._raw_place()  # compared only in clean(), not for every row read
        return entry

    def _raw_place(self):
        # From __dict__: a deferred field (.only() on the map) must not cost a query here.
        return tuple(self.__dict__.get(name) for name in ("latitude", "longitude", "region_id"))

    @staticmethod
    def _comparable_place(place):
        # As numbers: "4.35" typed and Decimal("4.350000") read back are the same point.
        def number(value):
            try:
                return Decimal(str(value))
            except (InvalidOperation, ValueError):
                return value

        latitude, longitude, region_id = place
        return (number(latitude), number(longitude), region_id)

    def _places_changed(self):
        """Whether the point or the region is new or changed: an entry stored before the country
        check, with a point it would refuse, can still be renamed, withdrawn or archived."""
        stored = getattr(self, "_stored_place", None)
        return (
            self._state.adding
            or stored is None
            or self._comparable_place(stored) != self._comparable_place(self._raw_place())
        )

    def clean(self):
        from django.core.exceptions import ObjectDoesNotExist
        from django_countries import countries

        from infrastructures import geo

        # The database constraints say the same; here the message lands on the field to fix.
        errors = {}
        if self.trl_min and self.trl_max and self.trl_min > self.trl_max:
            errors["trl_min"] = _("The lowest TRL cannot be above the highest.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        # A point on another continent, or with latitude and longitude swapped, is caught against
        # the bounding boxes of the region's country (where geo has them). Values the fields'
        # own validators refuse (not numbers, out of range) are left to their messages.
        try:
            latitude, longitude = float(self.latitude), float(self.longitude)
            region = self.region if self.region_id else None
        except (TypeError, ValueError, ArithmeticError, ObjectDoesNotExist):
            latitude = longitude = region = None
        if (
            self._places_changed()
            and region is not None
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        ):
            placed = geo.placement(region.country, latitude, longitude)
            arguments = {
                "latitude": self.latitude,
                "longitude": self.longitude,
                "country": countries.name(geo.country_code(region.country)) or region.country,
                "region": region,
            }
            message = None
            if placed == geo.Placement.SWAPPED:
                message = _(
                    "Latitude and longitude look swapped: %(latitude)s, %(longitude)s lies outside "
                    "%(country)s, the country of the region %(region)s, but %(longitude)s, %(latitude)s "
                    "lies inside it. Give the latitude (north–south) first."
                )
            elif placed == geo.Placement.OUTSIDE:
                message = _(
                    "The point %(latitude)s, %(longitude)s (latitude, longitude) lies outside "
                    "%(country)s, the country of the region %(region)s. Check both numbers, or the region."
                )
            if message:
                errors["latitude"] = errors["longitude"] = message % arguments
        if errors:
            raise ValidationError(errors)

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
        from_state = self.get_from_state_display() or "–"
        return f"{self.infrastructure}: {from_state} → {self.get_to_state_display()}"


class Equipment(models.Model):
    """A piece of equipment or a service inside an infrastructure.

    Its fields are those the instrument standards ask for (PIDINST: name, description, manufacturer,
    model, identifier with its type, landing page; the owner is its infrastructure's), so that a
    PIDINST or CERIF export is a mapping of these columns.
    """

    class IdentifierType(models.TextChoices):
        # PIDINST's identifier types, then the local numbers an instrument carries before it has one.
        DOI = "doi", _("DOI")
        HANDLE = "handle", _("Handle")
        ARK = "ark", _("ARK")
        URL = "url", _("URL")
        SERIAL_NUMBER = "serial_number", _("Manufacturer's serial number")
        INVENTORY_NUMBER = "inventory_number", _("Inventory number")
        OTHER = "other", _("Other")

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
    identifier = models.CharField(
        _("identifier"),
        max_length=300,
        blank=True,
        help_text=_("A persistent identifier of this instrument where one exists, e.g. a DOI."),
    )
    identifier_type = models.CharField(
        _("identifier type"), max_length=20, choices=IdentifierType.choices, blank=True
    )
    landing_page = models.URLField(
        _("landing page"), blank=True, help_text=_("A page that describes this instrument.")
    )
    version = version_field()
    updated_at = updated_at_field()

    objects = EquipmentQuerySet.as_manager()
    constraints_checked_in_clean = True  # clean() states the identifier check

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment")
        ordering = ["infrastructure", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(identifier="", identifier_type="") | (~Q(identifier="") & ~Q(identifier_type="")),
                name="equipment_identifier_with_type",
                violation_error_message=_("Give an identifier together with its type."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def identifier_url(self):
        """The address the identifier resolves to, or "": a DOI or Handle at its resolver, a URL
        itself. Only web addresses (an identifier is free text: never a javascript: link)."""
        identifier = self.identifier.strip()
        web = ("https://", "http://")
        if self.identifier_type in IDENTIFIER_RESOLVERS:
            identifier = re.sub(r"^(doi|hdl):\s*", "", identifier, flags=re.IGNORECASE)
            if not identifier.lower().startswith(web):
                return IDENTIFIER_RESOLVERS[self.identifier_type] + quote(identifier, safe="/:;()[]")
        if self.identifier_type in (*IDENTIFIER_RESOLVERS, self.IdentifierType.URL):
            return identifier if identifier.lower().startswith(web) else ""
        return ""

    def clean(self):
        if self.identifier and not self.identifier_type:
            raise ValidationError({"identifier_type": _("Say what kind of identifier this is.")})
        if self.identifier_type and not self.identifier:
            raise ValidationError({"identifier": _("Give the identifier, or no type.")})


# Where a DOI or a Handle resolves; ARKs, serial and inventory numbers are shown as text.
IDENTIFIER_RESOLVERS = {
    Equipment.IdentifierType.DOI: "https://doi.org/",
    Equipment.IdentifierType.HANDLE: "https://hdl.handle.net/",
}
