"""Organisations that own or operate infrastructures, and the clusters they belong to."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infrastructures.querysets import OrganisationQuerySet
from rii_catalogue.writes import updated_at_field, version_field


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
    version = version_field()
    updated_at = updated_at_field()

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


class OrganisationFigure(models.Model):
    """A curated figure about an organisation for one year or one period, with where it comes from:
    its members, its SME members, the projects it supported (by type), the companies involved."""

    class Measure(models.TextChoices):
        MEMBERS = "members", _("Member companies")
        SME_MEMBERS = "sme_members", _("of which SMEs")
        PROJECTS = "projects", _("Supported projects")
        COMPANIES = "companies", _("Companies involved in the projects")
        SME_COMPANIES = "sme_companies", _("of which SMEs involved")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="figures", on_delete=models.CASCADE
    )
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    breakdown = models.CharField(
        _("of which type"),
        max_length=100,
        blank=True,
        help_text=_("A part of the total, e.g. a project type; empty for the total itself."),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(
        _("last year"), help_text=_("The same as the first year for a figure at one moment.")
    )
    value = models.PositiveIntegerField(_("value"))
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("E.g. “end of 2016”."))
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    source_date = models.DateField(_("date of the source"), null=True, blank=True)
    version = version_field()

    class Meta:
        verbose_name = _("organisation figure")
        verbose_name_plural = _("organisation figures")
        ordering = ["organisation", "measure", "start_year", "end_year", "breakdown"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=F("end_year")),
                name="organisation_figure_years_ordered",
                violation_error_message=_("The first year cannot be after the last year."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "measure", "breakdown", "start_year", "end_year"],
                name="organisation_figure_unique",
                violation_error_message=_("This organisation already has this figure for these years."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_measure_display()} {self.period} = {self.value}"

    def reading_order(self):
        """Measures in the order of `Measure` (members before projects), a total before its parts."""
        measures = list(self.Measure.values)
        return (measures.index(self.measure), self.start_year, self.end_year, bool(self.breakdown), self.pk)

    @property
    def period(self):
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"


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
    themes = models.ManyToManyField(
        "infrastructures.Theme", verbose_name=_("themes"), related_name="clusters", blank=True
    )
    members = models.ManyToManyField(
        Organisation, verbose_name=_("members"), related_name="clusters", blank=True
    )
    updated_at = updated_at_field()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:cluster", kwargs={"slug": self.slug})
