"""Needs analyses (behovsanalyse) and decision criteria (beslutningskriterier), per account.

A needs analysis is never changed: each save is a new version, and the newest one feeds
offers and the share of wallet. Decision criteria are the account's current set, replaced
as a whole so the weights always sum to 100.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet
from nokkel.needs import criteria
from nokkel.shipments.models import Service

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
SCORE_VALIDATORS = [MinValueValidator(criteria.SCORE_MIN), MaxValueValidator(criteria.SCORE_MAX)]


class Region(models.TextChoices):
    EAST = "east", _("Eastern Norway")
    SOUTH = "south", _("Southern Norway")
    WEST = "west", _("Western Norway")
    CENTRAL = "central", _("Central Norway")
    NORTH = "north", _("Northern Norway")
    ABROAD = "abroad", _("Abroad")


class WalletCarrier(models.TextChoices):
    US = "us", _("Us")
    COMPETITOR = "competitor", _("Competitor")
    OTHERS = "others", _("Others")


class NeedsAnalysis(models.Model):
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="needs_analyses",
        verbose_name=_("account"),
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    recorded_on = models.DateField(_("recorded on"))
    peak_season = models.CharField(_("peak season"), max_length=200, blank=True)
    # A list of Region codes.
    regions = models.JSONField(_("regions delivered to"), default=list, blank=True)
    returns_share = models.DecimalField(
        _("share of returns (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    webshop_platform = models.CharField(_("web-shop platform"), max_length=100, blank=True)
    integration = models.CharField(_("integration"), max_length=300, blank=True)
    pain_points = models.TextField(_("pain points"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("needs analysis")
        verbose_name_plural = _("needs analyses")
        ordering = ["account", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "version"], name="one_needs_analysis_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("needs:analysis-detail", kwargs={"needs_analysis_id": self.pk})

    def region_labels(self) -> list[str]:
        labels = dict(Region.choices)
        return [str(labels.get(code, code)) for code in self.regions]


class ServiceVolume(models.Model):
    analysis = models.ForeignKey(NeedsAnalysis, on_delete=models.CASCADE, related_name="volumes")
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    parcels_per_month = models.PositiveIntegerField(_("parcels per month"))

    class Meta:
        verbose_name = _("parcels per service")
        verbose_name_plural = _("parcels per service")
        ordering = ["analysis", "id"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "service"], name="one_volume_per_service"),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()}: {self.parcels_per_month}"


class WalletShare(models.Model):
    """One carrier's share of the customer's parcels (share of wallet)."""

    analysis = models.ForeignKey(
        NeedsAnalysis, on_delete=models.CASCADE, related_name="wallet_shares"
    )
    carrier = models.CharField(_("carrier"), max_length=20, choices=WalletCarrier.choices)
    competitor = models.ForeignKey(
        "competitors.Competitor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wallet_shares",
        verbose_name=_("competitor"),
    )
    share = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )

    class Meta:
        verbose_name = _("share of wallet")
        verbose_name_plural = _("shares of wallet")
        ordering = ["analysis", "-share", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(carrier="competitor") & Q(competitor__isnull=False))
                | (~Q(carrier="competitor") & Q(competitor__isnull=True)),
                name="wallet_share_competitor_named_once",
                violation_error_message=_(
                    "Name the competitor for a competitor's share, and only then."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.share} %"

    @property
    def label(self) -> str:
        if self.competitor is not None:
            return self.competitor.name
        return str(self.get_carrier_display())


class Criterion(models.TextChoices):
    PRICE = "price", _("Price")
    DELIVERY_PRECISION = "delivery_precision", _("Delivery precision")
    DELIVERY_SPEED = "delivery_speed", _("Delivery speed")
    COVERAGE = "coverage", _("Coverage")
    RETURNS_HANDLING = "returns_handling", _("Returns handling")
    INTEGRATION = "integration", _("Integration")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    TRACKING = "tracking", _("Tracking and notifications")
    ADVICE = "advice", _("Advice and competence")
    OTHER = "other", _("Other")


class RecommendedMove(models.TextChoices):
    STRENGTHEN = criteria.STRENGTHEN, _("Strengthen: build on it and make it count")
    REDEFINE = criteria.REDEFINE, _("Redefine, compromise or offer an alternative")
    HOLD = criteria.HOLD, _("Do not over-invest")


class DecisionCriterion(models.Model):
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="decision_criteria",
        verbose_name=_("account"),
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion.choices)
    other_label = models.CharField(_("other criterion"), max_length=100, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("customer's weight"), validators=[MaxValueValidator(criteria.WEIGHT_TOTAL)]
    )
    our_score = models.PositiveSmallIntegerField(_("our score"), validators=SCORE_VALIDATORS)
    competitor_score = models.PositiveSmallIntegerField(
        _("best competitor's score"), validators=SCORE_VALIDATORS
    )
    best_competitor = models.ForeignKey(
        "competitors.Competitor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("best competitor"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision criterion")
        verbose_name_plural = _("decision criteria")
        ordering = ["account", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.criterion == Criterion.OTHER and self.other_label:
            return self.other_label
        return str(self.get_criterion_display())

    @property
    def move(self) -> str:
        return criteria.recommended_move(
            weight=self.weight, ours=self.our_score, theirs=self.competitor_score
        )

    def get_move_display(self) -> str:
        return str(RecommendedMove(self.move).label)
