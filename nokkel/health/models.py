"""Monthly health snapshots and the acknowledgements of early warnings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet


class Band(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class HealthSnapshot(models.Model):
    """An account's health as of the first day of a month, from the facts known then.

    `as_of` is always a month's first day; the score read the shipments of the months
    before it and everything else dated up to the end of that day. Components, overrides
    and reasons are stored as codes and numbers, so they read in the reader's language.
    """

    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="health_snapshots",
        verbose_name=_("account"),
    )
    as_of = models.DateField(_("as of"))
    score = models.PositiveSmallIntegerField(_("score"))
    band = models.CharField(_("band"), max_length=10, choices=Band.choices)
    # [{"key", "score", "weight", "reason": {...}}], and the left-out ones with "left_out".
    components = models.JSONField(_("components"), default=list)
    overrides = models.JSONField(_("overrides"), default=list)
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")
        ordering = ["account", "as_of"]
        constraints = [
            models.UniqueConstraint(fields=["account", "as_of"], name="one_snapshot_per_month"),
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="snapshot_score_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["as_of", "band"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.as_of:%Y-%m}: {self.score} ({self.band})"


class WarningAcknowledgement(models.Model):
    """Someone saw an early warning and says what they are doing about it."""

    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="health_acknowledgements",
        verbose_name=_("account"),
    )
    as_of = models.DateField(_("warning date"))
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=10, choices=Band.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    action = models.TextField(_("what we are doing"))
    created_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("warning acknowledgement")
        verbose_name_plural = _("warning acknowledgements")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-as_of"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.as_of}: {self.action[:40]}"
