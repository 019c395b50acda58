"""Opportunities with their two processes, the dated history of moves, and web leads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet
from nokkel.pipeline import phases
from nokkel.pipeline.access import can_manage_leads
from nokkel.shipments.models import Service


def service_labels(codes: list[str]) -> list[str]:
    labels = dict(Service.choices)
    return [str(labels.get(code, code)) for code in codes]


class SalesPhase(models.TextChoices):
    IDENTIFY = phases.IDENTIFY, _("Identify")
    CONTACT = phases.CONTACT, _("Contact")
    NEEDS_ANALYSIS = phases.NEEDS_ANALYSIS, _("Needs analysis")
    OFFER = phases.OFFER, _("Offer")
    NEGOTIATION = phases.NEGOTIATION, _("Negotiation")
    WON = phases.WON, _("Won")
    LOST = phases.LOST, _("Lost")


class BuyingPhase(models.TextChoices):
    PROBLEM_RECOGNITION = phases.PROBLEM_RECOGNITION, _("Problem recognition")
    INFORMATION_SEARCH = phases.INFORMATION_SEARCH, _("Information search")
    EVALUATION = phases.EVALUATION, _("Evaluation of alternatives")
    PURCHASE_DECISION = phases.PURCHASE_DECISION, _("Purchase decision")
    POST_PURCHASE = phases.POST_PURCHASE, _("After purchase")


class OpportunityKind(models.TextChoices):
    NEW_CUSTOMER = "new_customer", _("New customer")
    MORE_SERVICES = "more_services", _("More services")
    RENEWAL = "renewal", _("Renewal")


class LostReason(models.TextChoices):
    PRICE = "price", _("Price")
    DELIVERY_QUALITY = "delivery_quality", _("Delivery quality")
    COVERAGE = "coverage", _("Coverage")
    SERVICE = "service", _("Service")
    RELATIONSHIP = "relationship", _("Relationship")
    INTEGRATION = "integration", _("Integration")
    OTHER = "other", _("Other")


class Opportunity(models.Model):
    """A chance of business with an account, where we are and where the customer is."""

    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="opportunities",
        verbose_name=_("account"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=OpportunityKind.choices,
        default=OpportunityKind.NEW_CUSTOMER,
    )
    # A list of nokkel.shipments.models.Service codes.
    services = models.JSONField(_("services"), default=list, blank=True)
    expected_parcels_per_month = models.PositiveIntegerField(
        _("expected parcels per month"), null=True, blank=True
    )
    annual_revenue = models.DecimalField(
        _("expected annual revenue (NOK)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"),
        default=phases.DEFAULT_PROBABILITY[phases.IDENTIFY],
        validators=[MaxValueValidator(100)],
    )
    expected_close_on = models.DateField(_("expected close date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("owner"),
    )
    phase = models.CharField(
        _("sales phase"), max_length=20, choices=SalesPhase.choices, default=SalesPhase.IDENTIFY
    )
    buying_phase = models.CharField(
        _("customer's buying phase"), max_length=20, choices=BuyingPhase.choices, blank=True
    )
    phase_changed_at = models.DateTimeField(_("in this phase since"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    lost_reason = models.CharField(
        _("lost because of"), max_length=20, choices=LostReason.choices, blank=True
    )
    lost_to = models.ForeignKey(
        "competitors.Competitor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="won_opportunities",
        verbose_name=_("lost to"),
    )
    lost_note = models.TextField(_("what happened"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["expected_close_on", "id"]
        indexes = [
            models.Index(fields=["phase", "expected_close_on"]),
            models.Index(fields=["owner", "phase"]),
            models.Index(fields=["lost_to", "phase"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phase=phases.LOST) | ~Q(lost_reason=""),
                name="lost_opportunity_has_reason",
                violation_error_message=_("Say why the opportunity was lost."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pipeline:opportunity-detail", kwargs={"opportunity_id": self.pk})

    def service_labels(self) -> list[str]:
        return service_labels(self.services)

    @property
    def is_open(self) -> bool:
        return self.phase in phases.OPEN_PHASES

    @property
    def weighted_value(self) -> Decimal:
        return phases.weighted_value(self.probability, self.annual_revenue)

    @property
    def mismatch(self) -> phases.Mismatch | None:
        return phases.phase_mismatch(self.phase, self.buying_phase)


class PhaseChangeQuerySet(AccountScopedQuerySet):
    account_path = "opportunity__account"


class PhaseChange(models.Model):
    """One dated move of our sales phase and/or the customer's buying phase."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.CharField(max_length=20, choices=SalesPhase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=SalesPhase.choices)
    from_buying_phase = models.CharField(max_length=20, choices=BuyingPhase.choices, blank=True)
    to_buying_phase = models.CharField(max_length=20, choices=BuyingPhase.choices, blank=True)
    # Why, when this move lost the opportunity; kept here so the history replays exactly.
    lost_reason = models.CharField(max_length=20, choices=LostReason.choices, blank=True)
    changed_at = models.DateTimeField(_("when"), db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PhaseChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_phase or '–'} → {self.to_phase} ({self.changed_at:%Y-%m-%d})"


class LeadQuerySet(AccountScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Leads on accounts the user may see. Sales managers and admins also see every lead
        on an account without a segment: no segment's manager would see it otherwise, and
        a lead that matched no routing rule lands on just such a prospect."""
        visible = super().visible_to(user)
        if not can_manage_leads(user):
            return visible
        return visible | self.filter(account__segment__isnull=True)


class LeadMatch(models.TextChoices):
    ORG_NUMBER = "org_number", _("Organisation number")
    EMAIL_DOMAIN = "email_domain", _("E-mail domain")
    NEW = "new", _("New prospect")


class LeadRouting(models.TextChoices):
    ACCOUNT_KAM = "account_kam", _("The account's KAM")
    RULE = "rule", _("Segment rule")
    ROUND_ROBIN = "round_robin", _("Round-robin")
    NOBODY = "nobody", _("Nobody available")


class Lead(models.Model):
    """What a prospect sent through the web form, and where it landed.

    The submitter's IP address is not kept: it is needed only for the rate limit.
    """

    received_at = models.DateTimeField(_("received"), db_index=True)
    company = models.CharField(_("company"), max_length=200)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    parcels_per_month = models.PositiveIntegerField(
        _("estimated parcels per month"), null=True, blank=True
    )
    services = models.JSONField(_("services wanted"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    # The privacy text exactly as the submitter saw it when consenting.
    consent_text = models.TextField(_("consent given to"))
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="leads",
        verbose_name=_("account"),
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("opportunity"),
    )
    matched_by = models.CharField(_("matched by"), max_length=20, choices=LeadMatch.choices)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_leads",
        verbose_name=_("assigned to"),
    )
    routed_by = models.CharField(_("assigned by"), max_length=20, choices=LeadRouting.choices)

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["assigned_to", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.company} ({self.received_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("pipeline:lead-detail", kwargs={"lead_id": self.pk})

    def service_labels(self) -> list[str]:
        return service_labels(self.services)


class LeadRule(models.Model):
    """Routes web leads: the first fitting rule (by position) sets the segment and the KAMs."""

    position = models.PositiveIntegerField(_("order"), default=0)
    segment = models.ForeignKey(
        "accounts.Segment",
        on_delete=models.CASCADE,
        related_name="lead_rules",
        verbose_name=_("segment"),
    )
    min_parcels_per_month = models.PositiveIntegerField(
        _("from parcels per month"), null=True, blank=True
    )
    max_parcels_per_month = models.PositiveIntegerField(
        _("to parcels per month"), null=True, blank=True
    )
    service = models.CharField(
        _("service asked for"),
        max_length=20,
        choices=Service.choices,
        blank=True,
        help_text=_("Leave empty for any service."),
    )
    kams = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="lead_rules",
        verbose_name=_("KAMs taking turns"),
        help_text=_("Leave empty to let every KAM take a turn."),
    )

    class Meta:
        verbose_name = _("lead rule")
        verbose_name_plural = _("lead rules")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_parcels_per_month__isnull=True)
                | Q(max_parcels_per_month__isnull=True)
                | Q(max_parcels_per_month__gte=models.F("min_parcels_per_month")),
                name="lead_rule_parcel_range_in_order",
                violation_error_message=_("The range must end at or above where it starts."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.segment)
