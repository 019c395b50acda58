"""The secret address of each user's personal calendar feed."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    """43 URL-safe characters (256 random bits): the feed's only credential."""
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self) -> str:
        # Never the token itself: this text reaches the audit log and the admin.
        return f"{self.user} ({self.created_at:%Y-%m-%d})" if self.created_at else str(self.user)
