"""Customer plans (kundeplaner): goals, objectives, actions, relationship forms, cadence."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet
from nokkel.accounts.models import RelationshipForm


class PlanChange:
    """What a PLAN_CHANGED timeline event records (its data["change"])."""

    CREATED = "created"
    UPDATED = "updated"
    ACTIVATED = "activated"
    ARCHIVED = "archived"
    OBJECTIVE_ADDED = "objective_added"
    OBJECTIVE_UPDATED = "objective_updated"
    ACTION_ADDED = "action_added"
    ACTION_COMPLETED = "action_completed"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class CustomerPlan(models.Model):
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    customer_goals = models.TextField(_("the customer's own goals"), blank=True)
    relationship_forms = models.JSONField(
        _("relationship forms we aim to use"), default=list, blank=True
    )
    # Days between contacts; empty means the default for the account's class.
    cadence_days = models.PositiveIntegerField(
        _("contact every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # Empty once the person who wrote the plan is gone; the plan stays valid.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer plan")
        verbose_name_plural = _("customer plans")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status="active"),
                name="one_active_plan_per_account",
                violation_error_message=_("The account already has an active plan."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
                violation_error_message=_("The plan period must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.period_start:%Y}–{self.period_end:%Y}"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan-detail", kwargs={"plan_id": self.pk})

    @property
    def is_archived(self) -> bool:
        return self.status == PlanStatus.ARCHIVED

    def relationship_form_labels(self) -> list[str]:
        labels = dict(RelationshipForm.choices)
        return [str(labels.get(code, code)) for code in self.relationship_forms]


class PlanPartQuerySet(AccountScopedQuerySet):
    account_path = "plan__account"


class ObjectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Objective(models.Model):
    """A measurable objective of ours for the customer."""

    plan = models.ForeignKey(CustomerPlan, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objective"), max_length=300)
    measure = models.CharField(_("how it is measured"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_objectives",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ObjectiveStatus.choices,
        default=ObjectiveStatus.NOT_STARTED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanAction(models.Model):
    plan = models.ForeignKey(CustomerPlan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("objective"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    # The follow-up created with the action, so it shows in the owner's lists; completing
    # one through plans.services completes the other.
    follow_up = models.ForeignKey(
        "activities.FollowUp",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        editable=False,
    )

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
