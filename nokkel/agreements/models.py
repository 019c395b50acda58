"""Offers (uforpliktende tilbud), the cost model behind their margins, and contracts."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet
from nokkel.agreements import contract_dates, margins
from nokkel.shipments.models import Service

NOT_NEGATIVE = MinValueValidator(0, message=_("A price or cost per parcel cannot be below zero."))
MAX_NOTICE_MONTHS = 24
MAX_TERM_MONTHS = 120


class WeightBand(models.TextChoices):
    UP_TO_1 = "0-1", _("0–1 kg")
    UP_TO_5 = "1-5", _("1–5 kg")
    UP_TO_10 = "5-10", _("5–10 kg")
    UP_TO_20 = "10-20", _("10–20 kg")
    UP_TO_35 = "20-35", _("20–35 kg")


class CostRate(models.Model):
    """What one parcel costs us by service, zone and weight band; blank zone or band: any."""

    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    zone = models.CharField(
        _("zone"), max_length=50, blank=True, help_text=_("Leave empty for every zone.")
    )
    weight_band = models.CharField(
        _("weight band"),
        max_length=10,
        choices=WeightBand.choices,
        blank=True,
        help_text=_("Leave empty for every weight."),
    )
    cost_per_parcel = models.DecimalField(
        _("cost per parcel (NOK)"), max_digits=10, decimal_places=2, validators=[NOT_NEGATIVE]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cost per parcel")
        verbose_name_plural = _("cost model")
        ordering = ["service", "zone", "weight_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "zone", "weight_band"],
                name="one_cost_per_service_zone_band",
                violation_error_message=_("This service, zone and weight band already has a cost."),
            ),
        ]

    def __str__(self) -> str:
        parts = [str(self.get_service_display()), self.zone or "*", self.weight_band or "*"]
        return " / ".join(parts)


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class OfferLanguage(models.TextChoices):
    NB = "nb", _("Norwegian")
    EN = "en", _("English")


class Offer(models.Model):
    """A non-binding offer. Versions of one offer share a root; only a draft is edited."""

    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("account"),
    )
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="later_versions"
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    language = models.CharField(
        _("language of the offer"),
        max_length=2,
        choices=OfferLanguage.choices,
        default=OfferLanguage.NB,
    )
    valid_until = models.DateField(_("valid until"))
    contract_months = models.PositiveSmallIntegerField(
        _("contract term (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TERM_MONTHS)],
    )
    terms = models.TextField(_("terms"), blank=True)
    needs_analysis = models.ForeignKey(
        "needs.NeedsAnalysis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("needs analysis"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved"), null=True, blank=True)
    sent_on = models.DateField(_("sent"), null=True, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.number} v{self.version} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:offer-detail", kwargs={"offer_id": self.pk})

    @property
    def series_id(self) -> int:
        return self.root_id or self.pk

    @property
    def number(self) -> str:
        return f"T-{self.series_id:05d}"

    @property
    def is_editable(self) -> bool:
        return self.status == OfferStatus.DRAFT

    def margin(self) -> margins.OfferMargin:
        """Margins from the lines as saved (with the cost they were priced at)."""
        return margins.offer_margin(line.as_margin_input() for line in self.lines.all())


class OfferLine(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    zone = models.CharField(_("zone"), max_length=50, blank=True)
    weight_band = models.CharField(
        _("weight band"), max_length=10, choices=WeightBand.choices, blank=True
    )
    price_per_parcel = models.DecimalField(
        _("price per parcel (NOK)"), max_digits=10, decimal_places=2, validators=[NOT_NEGATIVE]
    )
    expected_parcels_per_month = models.PositiveIntegerField(_("expected parcels per month"))
    # Taken from the cost model when the line is saved, so the margin the offer was
    # approved on does not move when the cost model changes later. Null: no cost known.
    cost_per_parcel = models.DecimalField(
        _("cost per parcel (NOK)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("offer line")
        verbose_name_plural = _("offer lines")
        ordering = ["offer", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_per_parcel__gte=0),
                name="offer_line_price_not_negative",
                violation_error_message=_("A price per parcel cannot be below zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.zone} {self.weight_band}".strip()

    def as_margin_input(self) -> margins.LineInput:
        return margins.LineInput(
            self.price_per_parcel, self.expected_parcels_per_month, self.cost_per_parcel
        )

    def figures(self) -> margins.LineMargin:
        return margins.line_margin(self.as_margin_input())


def contract_document_path(instance: Any, filename: str) -> str:
    # The stored name is unguessable and never the uploader's; the original name is kept apart.
    return f"contracts/{uuid.uuid4().hex}.pdf"


class Contract(models.Model):
    """The formal relationship: term, notice, renewal, service levels and the signed document."""

    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="contracts",
        verbose_name=_("account"),
    )
    offer = models.OneToOneField(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contract",
        verbose_name=_("from offer"),
    )
    title = models.CharField(_("title"), max_length=200)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"), default=3, validators=[MaxValueValidator(MAX_NOTICE_MONTHS)]
    )
    auto_renewal = models.BooleanField(_("renews automatically"), default=False)
    on_time_target = models.DecimalField(
        _("agreed on-time delivery (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    service_levels = models.TextField(_("other service levels"), blank=True)
    price_adjustment_terms = models.TextField(_("price adjustment terms"), blank=True)
    document = models.FileField(
        _("signed document"), upload_to=contract_document_path, blank=True, max_length=200
    )
    document_name = models.CharField(_("document name"), max_length=200, blank=True)
    # The notice deadline a renewal alert was sent for: one alert per term, and a new
    # one when the end date moves.
    renewal_alert_sent_for = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["end_on", "id"]
        indexes = [models.Index(fields=["end_on"]), models.Index(fields=["account", "end_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")),
                name="contract_ends_after_it_starts",
                violation_error_message=_("A contract cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_on:%d.%m.%Y}–{self.end_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("agreements:contract-detail", kwargs={"contract_id": self.pk})

    @property
    def notice_deadline(self) -> date:
        return contract_dates.notice_deadline(end_on=self.end_on, notice_months=self.notice_months)
