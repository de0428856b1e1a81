from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.querysets import RegionQuerySet
from rii_catalogue.writes import updated_at_field

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO 3166-1 code in capitals, e.g. BE or NL.")
)
# NUTS codes start with the NUTS country code, which is not always ISO's (Greece is EL).
nuts_code_validator = RegexValidator(
    r"^[A-Z]{2}[0-9A-Z]{0,3}$",
    _("A NUTS code is two capitals and up to three more characters, e.g. BE2."),
)


class Region(models.Model):
    """A place that runs a policy instrument: the unit the ERDF and the catalogue's rights work at."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[country_code_validator],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. BE."),
    )
    nuts_code = models.CharField(
        _("NUTS code"),
        max_length=5,
        blank=True,
        validators=[nuts_code_validator],
        help_text=_("Where one exists, e.g. BE2 for the Flemish Region."),
    )
    managing_authority = models.CharField(
        _("managing authority"),
        max_length=300,
        blank=True,
        help_text=_("The body that manages the region's ERDF programme."),
    )
    managing_authority_website = models.URLField(_("managing authority website"), blank=True)
    updated_at = updated_at_field()

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nuts_code"],
                condition=~models.Q(nuts_code=""),
                name="region_unique_nuts_code",
                violation_error_message=_("Another region already has this NUTS code."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The region's public profile lives with the catalogue's pages (it lists infrastructures).
        return reverse("catalogue:region", kwargs={"slug": self.slug})


class RegionAssignment(models.Model):
    """A regional manager's right to curate one region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="region_assignments",
        on_delete=models.CASCADE,
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), related_name="assignments", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("region assignment")
        verbose_name_plural = _("region assignments")
        ordering = ["region", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"],
                name="region_assignment_unique",
                violation_error_message=_("This user is already assigned to this region."),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.region}"
