"""Organisations that own or operate infrastructures, and the clusters they belong to."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infrastructures.querysets import OrganisationQuerySet
from rii_catalogue.writes import version_field


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

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:cluster", kwargs={"slug": self.slug})
