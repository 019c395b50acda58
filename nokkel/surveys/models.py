"""Voice of the customer: questionnaires, campaigns, the customer's answers and the team's
estimate of them, from which the customer gap and the knowledge gap are scored."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet

SCALE_MIN, SCALE_MAX = 1, 7
IMPORTANCE_TOTAL = 100


class SurveyArea(models.TextChoices):
    """The four key areas, plus value for money and ease of integration."""

    ACCURACY = "accuracy", _("Accuracy")
    AVAILABILITY = "availability", _("Availability")
    ADAPTATION = "adaptation", _("Adaptation")
    ADVICE = "advice", _("Advice")
    VALUE_FOR_MONEY = "value_for_money", _("Value for money")
    INTEGRATION = "integration", _("Ease of integration")


class SurveyLanguage(models.TextChoices):
    NB = "nb", _("Norwegian (bokmål)")
    EN = "en", _("English")


class Questionnaire(models.Model):
    """One numbered version of the statement set.

    New campaigns use the newest published version. A version a campaign has used is
    frozen (admins copy it into a new version to change it), so every campaign keeps
    the statements it was sent with.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["-version"]

    def __str__(self) -> str:
        return str(_("Questionnaire version %(version)s")) % {"version": self.version}

    @property
    def is_frozen(self) -> bool:
        return self.pk is not None and self.campaigns.exists()


class Statement(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="statements"
    )
    area = models.CharField(_("area"), max_length=20, choices=SurveyArea.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_en = models.CharField(_("statement in English"), max_length=300)
    text_nb = models.CharField(_("statement in Norwegian"), max_length=300)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["questionnaire_id", "position", "id"]

    def __str__(self) -> str:
        return self.text_en

    def text(self, language: str) -> str:
        return self.text_nb if language == SurveyLanguage.NB else self.text_en


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyCampaignQuerySet(models.QuerySet["SurveyCampaign"]):
    def visible_to(self, user: Any) -> Self:
        """Campaigns that target at least one account the user may see."""
        from nokkel.accounts.models import Account

        visible = Account.objects.visible_to(user).values("pk")
        return self.filter(
            pk__in=CampaignAccount.objects.filter(account__in=visible).values("campaign_id")
        )


class SurveyCampaign(models.Model):
    """A survey sent to the chosen contacts of one account or of a selection of accounts."""

    name = models.CharField(_("name"), max_length=200)
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("questionnaire version"),
    )
    language = models.CharField(
        _("default language"),
        max_length=5,
        choices=SurveyLanguage.choices,
        default=SurveyLanguage.NB,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        _("remind after (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SurveyCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "closes_on"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign-detail", kwargs={"campaign_id": self.pk})

    def accepts_answers(self, now: datetime) -> bool:
        """Open, and its closing day (in Oslo) not yet passed."""
        if self.status != CampaignStatus.OPEN:
            return False
        return self.closes_on is None or timezone.localdate(now) <= self.closes_on


class CampaignAccount(models.Model):
    """An account a campaign targets; the campaign is visible to whoever sees one of them."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="targets")
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="survey_targets"
    )

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("surveyed account")
        verbose_name_plural = _("surveyed accounts")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "account"], name="one_target_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.account}"


class SurveyRecipient(models.Model):
    """One contact asked to answer; the token in the link is theirs alone."""

    campaign = models.ForeignKey(
        SurveyCampaign, on_delete=models.CASCADE, related_name="recipients"
    )
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="survey_recipients"
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_recipients",
    )
    # Captured when chosen, so the campaign reads the same after the contact changes.
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"), max_length=5, choices=SurveyLanguage.choices, default=SurveyLanguage.NB
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey recipient")
        verbose_name_plural = _("survey recipients")
        ordering = ["account__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "contact"],
                condition=Q(contact__isnull=False),
                name="one_link_per_contact_and_campaign",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


def _scale_validators() -> list[Any]:
    return [MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]


class SurveyResponse(models.Model):
    """The one answer behind a recipient's link; re-submitting replaces it until the close."""

    recipient = models.OneToOneField(
        SurveyRecipient, on_delete=models.CASCADE, related_name="response"
    )
    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="responses")
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="survey_responses"
    )
    # {area code: points}, the points summing to 100.
    importance = models.JSONField(_("importance"), default=dict)
    nps = models.PositiveSmallIntegerField(
        _("likelihood to recommend (0–10)"), validators=[MaxValueValidator(10)]
    )
    csat = models.PositiveSmallIntegerField(
        _("overall satisfaction (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("first submitted"))
    updated_at = models.DateTimeField(_("last changed"))

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["account", "campaign"])]
        constraints = [
            models.CheckConstraint(condition=Q(nps__lte=10), name="survey_nps_0_to_10"),
            models.CheckConstraint(
                condition=Q(csat__gte=1, csat__lte=5), name="survey_csat_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.campaign}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    expectation = models.PositiveSmallIntegerField(validators=_scale_validators())
    perception = models.PositiveSmallIntegerField(validators=_scale_validators())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=Q(expectation__gte=1, expectation__lte=7, perception__gte=1)
                & Q(perception__lte=7),
                name="survey_answer_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.expectation}/{self.perception}"


class TeamEstimate(models.Model):
    """What one person on the account team believes the customer expects."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="estimates")
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="survey_estimates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_estimates"
    )
    importance = models.JSONField(_("importance"), default=dict)
    submitted_at = models.DateTimeField(_("first submitted"))
    updated_at = models.DateTimeField(_("last changed"))

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("team estimate")
        verbose_name_plural = _("team estimates")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "account", "author"], name="one_estimate_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.account} · {self.campaign}"


class TeamEstimateAnswer(models.Model):
    estimate = models.ForeignKey(TeamEstimate, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    expectation = models.PositiveSmallIntegerField(validators=_scale_validators())

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["estimate", "statement"], name="one_estimate_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(expectation__gte=1, expectation__lte=7),
                name="survey_estimate_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.expectation}"


class ProposedAction(models.Model):
    """An area whose customer gap fell below the threshold, and the plan action it proposed."""

    campaign = models.ForeignKey(
        SurveyCampaign, on_delete=models.CASCADE, related_name="proposed_actions"
    )
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="survey_proposals"
    )
    area = models.CharField(_("area"), max_length=20, choices=SurveyArea.choices)
    expectation = models.FloatField(_("expectation"))
    perception = models.FloatField(_("perception"))
    customer_gap = models.FloatField(_("customer gap"))
    team_estimate = models.FloatField(_("team estimate"), null=True, blank=True)
    # Empty when the account had no customer plan to put the action in.
    plan_action = models.ForeignKey(
        "plans.PlanAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_proposals",
    )
    created_at = models.DateTimeField(_("proposed"))

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed action")
        verbose_name_plural = _("proposed actions")
        ordering = ["customer_gap", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "account", "area"], name="one_proposal_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.get_area_display()} ({self.customer_gap:+.1f})"
