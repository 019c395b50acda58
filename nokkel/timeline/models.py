"""The account timeline: an append-only list of dated events, written by services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet


class EventKind(models.TextChoices):
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_UPDATED = "account_updated", _("Account details changed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    KAM_CHANGED = "kam_changed", _("KAM changed")
    DEPUTY_CHANGED = "deputy_changed", _("Deputy changed")
    KEY_ACCOUNT_CHANGED = "key_account_changed", _("Key account flag changed")
    TEAM_MEMBER_ADDED = "team_member_added", _("Team member added")
    TEAM_MEMBER_REMOVED = "team_member_removed", _("Team member removed")
    CONTACT_ADDED = "contact_added", _("Contact added")
    CONTACT_UPDATED = "contact_updated", _("Contact changed")
    CONTACT_LEFT = "contact_left", _("Contact left the company")
    HANDOVER = "handover", _("Handed over")
    INTERACTION_LOGGED = "interaction_logged", _("Interaction logged")
    FOLLOW_UP_CREATED = "follow_up_created", _("Follow-up created")
    FOLLOW_UP_DONE = "follow_up_done", _("Follow-up done")
    PLAN_CHANGED = "plan_changed", _("Customer plan changed")
    OPPORTUNITY_CREATED = "opportunity_created", _("Opportunity created")
    OPPORTUNITY_UPDATED = "opportunity_updated", _("Opportunity changed")
    OPPORTUNITY_MOVED = "opportunity_moved", _("Opportunity moved")
    OPPORTUNITY_LOST = "opportunity_lost", _("Opportunity lost")
    LEAD_RECEIVED = "lead_received", _("Lead received")
    SURVEY_SENT = "survey_sent", _("Survey sent")
    SURVEY_ANSWERED = "survey_answered", _("Survey answered")
    NEEDS_ANALYSIS_RECORDED = "needs_analysis_recorded", _("Needs analysis recorded")
    DECISION_CRITERIA_CHANGED = "decision_criteria_changed", _("Decision criteria changed")
    OFFER_CHANGED = "offer_changed", _("Offer changed")
    CONTRACT_CHANGED = "contract_changed", _("Contract changed")
    CONTRACT_RENEWAL_ALERT = "contract_renewal_alert", _("Contract renewal alert")
    HEALTH_WARNING_ACKNOWLEDGED = "health_warning_acknowledged", _("Health warning acknowledged")


class AppendOnlyError(Exception):
    pass


class TimelineEvent(models.Model):
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="timeline_events"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices)
    happened_at = models.DateTimeField(_("happened at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Plain values captured at the time (names, codes), so the event reads the same
    # after the people or objects it mentions change.
    data = models.JSONField(default=dict, blank=True)
    # Events about confidential facts are shown only to those who may see secrets.
    confidential = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["account", "-happened_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.happened_at:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Timeline events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Timeline events are never deleted.")
