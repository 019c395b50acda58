"""Shapes of the offers and contracts API.

Money is a string with two decimals (NOK), margin shares strings with four (0.1250 is
12.5 %). Line and total figures are per month. Costs and margins are left out for
people who may not see the account's secrets (agreements.access.can_see_margins).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nokkel.accounts.serializers import UsernameField, VisibleAccountField
from nokkel.agreements import margins
from nokkel.agreements.access import can_see_margins
from nokkel.agreements.contract_services import CONTRACT_FIELDS
from nokkel.agreements.forms import NEGATIVE_PRICE
from nokkel.agreements.models import (
    MAX_NOTICE_MONTHS,
    Contract,
    Offer,
    OfferStatus,
    WeightBand,
)
from nokkel.agreements.services import OFFER_FIELDS, minimum_margin, offer_needs_approval
from nokkel.shipments.models import Service


def _money(**kwargs: Any) -> serializers.DecimalField:
    """An amount in NOK, read as a string with two decimals; null when unknown."""
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True, **kwargs
    )


def _share(**kwargs: Any) -> serializers.DecimalField:
    """A margin share with four decimals (0.1250 is 12.5 %); null when unknown."""
    return serializers.DecimalField(
        max_digits=7, decimal_places=4, read_only=True, allow_null=True, **kwargs
    )


# Removed for people who may not see margins.
_MARGIN_FIELDS = ("cost_per_parcel", "cost", "margin", "margin_share")


class OfferLineInputSerializer(serializers.Serializer):
    service = serializers.ChoiceField(choices=Service.choices)
    zone = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    weight_band = serializers.ChoiceField(
        choices=WeightBand.choices, required=False, allow_blank=True, default=""
    )
    price_per_parcel = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={"min_value": NEGATIVE_PRICE},
        help_text=_("NOK per parcel; not below zero."),
    )
    expected_parcels_per_month = serializers.IntegerField(min_value=0)


class OfferLineOutputSerializer(serializers.Serializer):
    service = serializers.ChoiceField(choices=Service.choices, read_only=True)
    zone = serializers.CharField(read_only=True)
    weight_band = serializers.CharField(read_only=True)
    price_per_parcel = _money()
    expected_parcels_per_month = serializers.IntegerField(read_only=True)
    revenue = _money(help_text=_("NOK per month."))
    cost_per_parcel = _money(
        help_text=_("From the cost model when the line was saved; null if none.")
    )
    margin = _money(help_text=_("NOK per month."))
    margin_share = _share(help_text=_("Margin / revenue."))


class OfferTotalsSerializer(serializers.Serializer):
    revenue = _money()
    cost = _money()
    margin = _money()
    margin_share = _share()
    minimum_margin_share = _share()
    needs_approval = serializers.BooleanField(read_only=True)


def _line_rows(offer: Offer, figures: margins.OfferMargin) -> list[dict[str, Any]]:
    return [
        {
            "service": line.service,
            "zone": line.zone,
            "weight_band": line.weight_band,
            "price_per_parcel": line.price_per_parcel,
            "expected_parcels_per_month": line.expected_parcels_per_month,
            "revenue": figure.revenue,
            "cost_per_parcel": line.cost_per_parcel,
            "margin": figure.margin,
            "margin_share": figure.margin_share,
        }
        for line, figure in zip(offer.lines.all(), figures.lines, strict=True)
    ]


class OfferOutputSerializer(serializers.ModelSerializer):
    account_name = serializers.CharField(source="account.name", read_only=True)
    number = serializers.CharField(read_only=True)
    created_by = UsernameField(read_only=True, allow_null=True, help_text=_("A username."))
    approved_by = UsernameField(read_only=True, allow_null=True, help_text=_("A username."))
    lines = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()
    contract = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = (
            "id",
            "account",
            "account_name",
            "number",
            "version",
            "status",
            *OFFER_FIELDS,
            "needs_analysis",
            "lines",
            "totals",
            "created_by",
            "submitted_on",
            "approved_by",
            "approved_on",
            "sent_on",
            "decided_on",
            "decision_note",
            "contract",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def _figures(self, offer: Offer) -> margins.OfferMargin:
        cache: dict[int, margins.OfferMargin] = self.context.setdefault("_figures", {})
        if offer.pk not in cache:
            cache[offer.pk] = offer.margin()
        return cache[offer.pk]

    @extend_schema_field(OfferLineOutputSerializer(many=True))
    def get_lines(self, offer: Offer) -> Any:
        rows = _line_rows(offer, self._figures(offer))
        return OfferLineOutputSerializer(rows, many=True).data

    @extend_schema_field(OfferTotalsSerializer)
    def get_totals(self, offer: Offer) -> Any:
        figures = self._figures(offer)
        return OfferTotalsSerializer(
            {
                "revenue": figures.revenue,
                "cost": figures.cost,
                "margin": figures.margin,
                "margin_share": figures.margin_share,
                "minimum_margin_share": minimum_margin(),
                "needs_approval": offer_needs_approval(offer),
            }
        ).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_contract(self, offer: Offer) -> int | None:
        contract = getattr(offer, "contract", None)  # selected with the offer
        return contract.pk if contract is not None else None

    def to_representation(self, instance: Offer) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not can_see_margins(self.context["request"].user, instance.account):
            for row in [*data["lines"], data["totals"]]:
                for field in _MARGIN_FIELDS:
                    row.pop(field, None)
        return data


class OfferFilterSerializer(serializers.Serializer):
    account = serializers.IntegerField(required=False, help_text=_("Only this account's offers."))
    status = serializers.ChoiceField(choices=OfferStatus.choices, required=False)


class OfferCreateSerializer(serializers.ModelSerializer):
    account = VisibleAccountField()
    lines = OfferLineInputSerializer(many=True, allow_empty=True)

    class Meta:
        model = Offer
        fields = ("account", *OFFER_FIELDS, "lines")


class OfferUpdateSerializer(serializers.ModelSerializer):
    # Accepted so a PUT can send back what a GET returned; an offer stays with its account.
    account = serializers.IntegerField(required=False, write_only=True)
    lines = OfferLineInputSerializer(
        many=True, required=False, help_text=_("When given, replaces every line.")
    )

    class Meta:
        model = Offer
        fields = ("account", *OFFER_FIELDS, "lines")

    def validate_account(self, value: int) -> int:
        if self.instance is not None and value != self.instance.account_id:
            raise serializers.ValidationError(_("An offer stays with its account."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.pop("account", None)
        return attrs


class OfferAcceptSerializer(serializers.Serializer):
    create_contract = serializers.BooleanField(
        default=True, help_text=_("Register the contract from the offer.")
    )
    start_on = serializers.DateField(required=False, help_text=_("Today when left out."))
    end_on = serializers.DateField(
        required=False, help_text=_("The end of the offer's contract term when left out.")
    )
    notice_months = serializers.IntegerField(min_value=0, max_value=MAX_NOTICE_MONTHS, default=3)
    auto_renewal = serializers.BooleanField(default=False)


class OfferRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ContractOutputSerializer(serializers.ModelSerializer):
    account_name = serializers.CharField(source="account.name", read_only=True)
    notice_deadline = serializers.DateField(read_only=True)
    document = serializers.SerializerMethodField()
    created_by = UsernameField(read_only=True, allow_null=True, help_text=_("A username."))

    class Meta:
        model = Contract
        fields = (
            "id",
            "account",
            "account_name",
            "offer",
            *CONTRACT_FIELDS,
            "notice_deadline",
            "document",
            "document_name",
            "version",
            "created_by",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_document(self, contract: Contract) -> str | None:
        """Where the signed PDF is downloaded (through the access door), or null."""
        if not contract.document:
            return None
        return reverse("agreements:contract-document", kwargs={"contract_id": contract.pk})


def _document_field() -> serializers.FileField:
    return serializers.FileField(
        required=False,
        write_only=True,
        help_text=_("The signed contract, a PDF (multipart upload)."),
    )


class ContractCreateSerializer(serializers.ModelSerializer):
    account = VisibleAccountField()
    document = _document_field()

    class Meta:
        model = Contract
        fields = ("account", *CONTRACT_FIELDS, "document")
        validators: list[Any] = []


class ContractUpdateSerializer(serializers.ModelSerializer):
    account = serializers.IntegerField(required=False, write_only=True)
    document = _document_field()
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version the edit started from; a 409 when someone saved in between."),
    )

    class Meta:
        model = Contract
        fields = ("account", *CONTRACT_FIELDS, "document", "version")
        validators: list[Any] = []

    def validate_account(self, value: int) -> int:
        if self.instance is not None and value != self.instance.account_id:
            raise serializers.ValidationError(_("A contract stays with its account."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.pop("account", None)
        return attrs


class ContractFilterSerializer(serializers.Serializer):
    account = serializers.IntegerField(
        required=False, help_text=_("Only this account's contracts.")
    )
    ending_within = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=3650,
        help_text=_("Only contracts ending from today to this many days on (90, 180, …)."),
    )
