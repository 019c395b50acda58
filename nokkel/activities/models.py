"""Interactions with customers and the follow-ups they lead to."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet, managed_segment_ids


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting in person")
    VIDEO = "video", _("Video meeting")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    SOCIAL = "social", _("Social event")
    SITE_VISIT = "site_visit", _("Site visit")
    BUSINESS_REVIEW = "business_review", _("Business review")


class KeyArea(models.TextChoices):
    """The four key areas of a key-account relationship."""

    ACCURACY = "accuracy", _("Accuracy")
    AVAILABILITY = "availability", _("Availability")
    ADAPTATION = "adaptation", _("Adaptation")
    ADVICE = "advice", _("Advice")


class AreaSentiment(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class InteractionSource(models.TextChoices):
    MANUAL = "manual", _("Logged by hand")
    QUICK_LOG = "quick_log", _("Quick log")
    EMAIL = "email", _("E-mail capture")
    IMPORT = "import", _("Imported")


class InteractionQuerySet(AccountScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Interactions on visible accounts; confidential ones only for the KAM, the deputy,
        the segment's sales managers and admins (the same people who see the
        confidential note)."""
        qs = super().visible_to(user)
        if not getattr(user, "is_authenticated", False) or user.is_admin:
            return qs
        return qs.filter(
            Q(confidential=False)
            | Q(account__kam=user)
            | Q(account__deputy=user)
            | Q(account__segment__in=list(managed_segment_ids(user)))
        )


class Interaction(models.Model):
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="interactions",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind.choices)
    happened_at = models.DateTimeField(_("when"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    contacts = models.ManyToManyField(
        "accounts.Contact",
        blank=True,
        related_name="interactions",
        verbose_name=_("contacts present"),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="interactions_attended",
        verbose_name=_("our people present"),
    )
    summary = models.TextField(_("summary"))
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    relationship_forms = models.JSONField(_("relationship forms"), default=list, blank=True)
    # {"accuracy": "negative", "advice": "positive"}: the key areas touched and how it went.
    key_areas = models.JSONField(_("key areas"), default=dict, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the KAM, the deputy, sales managers and admins see it."),
    )
    source = models.CharField(
        max_length=20, choices=InteractionSource.choices, default=InteractionSource.MANUAL
    )
    # The Message-ID of a captured e-mail, so fetching the same mail twice logs it once.
    email_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["account", "-happened_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("activities:interaction-detail", kwargs={"interaction_id": self.pk})


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUp(models.Model):
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("account"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    source = models.CharField(
        max_length=20, choices=InteractionSource.choices, default=InteractionSource.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title
