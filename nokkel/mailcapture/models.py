"""Personal drop addresses and the mail nobody could be matched to."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DropAddress(models.Model):
    """The secret part of a user's plus address: crm+<token>@carrier.example."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drop_address",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("drop address")
        verbose_name_plural = _("drop addresses")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class TriageStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned to an account")
    DISCARDED = "discarded", _("Discarded")


class TriageMessageQuerySet(models.QuerySet["TriageMessage"]):
    def visible_to(self, user: Any) -> Self:
        """Captured mail is private to the person who forwarded it."""
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(user=user)


class TriageMessage(models.Model):
    """A captured mail that matched no contact on an account the user may see."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="triage_messages",
        verbose_name=_("forwarded by"),
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, db_index=True)
    from_address = models.CharField(_("from"), max_length=254, blank=True)
    # To and Cc, lower-cased, in the order of the mail.
    to_addresses = models.JSONField(_("to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    received_at = models.DateTimeField(_("sent"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TriageStatus.choices, default=TriageStatus.OPEN
    )
    interaction = models.ForeignKey(
        "activities.Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interaction"),
    )
    created_at = models.DateTimeField(_("captured"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TriageMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("mail to sort")
        verbose_name_plural = _("mail to sort")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["user", "status", "-received_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "message_id"],
                condition=~Q(message_id=""),
                name="one_triage_message_per_user_and_message_id",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id

    def get_absolute_url(self) -> str:
        return reverse("mailcapture:triage-detail", kwargs={"message_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == TriageStatus.OPEN
