"""Themes: the technology and policy themes entries and clusters are tagged with."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rii_catalogue.writes import updated_at_field


class Theme(models.Model):
    """A technology or policy theme, such as the six Flemish-Dutch high-tech themes."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = updated_at_field()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:theme", kwargs={"slug": self.slug})
