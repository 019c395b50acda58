"""The register of competitors (Posten/Bring, PostNord, …)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Competitor(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    website = models.URLField(_("web site"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
