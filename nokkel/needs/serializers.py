"""Shapes of the needs API: needs analyses (versions) and an account's decision criteria.

Input serializers parse and check each value; the services check the whole (shares and
weights summing to 100) and own every change.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nokkel.accounts.serializers import UsernameField, VisibleAccountField
from nokkel.competitors.models import Competitor
from nokkel.needs import criteria
from nokkel.needs.models import (
    Criterion,
    DecisionCriterion,
    NeedsAnalysis,
    RecommendedMove,
    Region,
    WalletCarrier,
)
from nokkel.needs.services import ANALYSIS_FIELDS
from nokkel.shipments.models import Service


class VolumeSerializer(serializers.Serializer):
    service = serializers.ChoiceField(choices=Service.choices)
    parcels_per_month = serializers.IntegerField(min_value=0)


class WalletShareSerializer(serializers.Serializer):
    carrier = serializers.ChoiceField(choices=WalletCarrier.choices)
    competitor = serializers.PrimaryKeyRelatedField(
        queryset=Competitor.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The competitor's id; only with carrier “competitor”."),
    )
    # Field.label (the form label) shares the name; DRF keeps them apart.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    share = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, help_text=_("Percent.")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        is_competitor = attrs["carrier"] == WalletCarrier.COMPETITOR
        if is_competitor and attrs.get("competitor") is None:
            raise serializers.ValidationError({"competitor": _("Name the competitor.")})
        if not is_competitor and attrs.get("competitor") is not None:
            raise serializers.ValidationError(
                {"competitor": _("Only a competitor's share names a competitor.")}
            )
        return attrs


class NeedsAnalysisInputSerializer(serializers.ModelSerializer):
    account = VisibleAccountField()
    recorded_on = serializers.DateField(
        required=False, help_text=_("When the needs were found; today when left out.")
    )
    regions = serializers.ListField(
        child=serializers.ChoiceField(choices=Region.choices), required=False
    )
    volumes = VolumeSerializer(many=True, required=False)
    wallet_shares = WalletShareSerializer(
        many=True, required=False, help_text=_("Shares must sum to 100 when any are given.")
    )

    class Meta:
        model = NeedsAnalysis
        fields = ("account", "recorded_on", *ANALYSIS_FIELDS, "volumes", "wallet_shares")

    def validate_volumes(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        services = [row["service"] for row in rows]
        if len(services) != len(set(services)):
            raise serializers.ValidationError(_("Each service may appear only once."))
        return rows


class NeedsAnalysisOutputSerializer(serializers.ModelSerializer):
    account_name = serializers.CharField(source="account.name", read_only=True)
    regions = serializers.ListField(child=serializers.ChoiceField(choices=Region.choices))
    volumes = VolumeSerializer(many=True, read_only=True)
    wallet_shares = WalletShareSerializer(many=True, read_only=True)
    created_by = UsernameField(read_only=True, allow_null=True, help_text=_("A username."))

    class Meta:
        model = NeedsAnalysis
        fields = (
            "id",
            "account",
            "account_name",
            "version",
            "recorded_on",
            *ANALYSIS_FIELDS,
            "volumes",
            "wallet_shares",
            "created_by",
            "created_at",
        )
        read_only_fields = fields


class NeedsAnalysisFilterSerializer(serializers.Serializer):
    account = serializers.IntegerField(
        required=False, help_text=_("Only this account's analyses, newest version first.")
    )


class CriterionSerializer(serializers.ModelSerializer):
    weight = serializers.IntegerField(min_value=0, max_value=criteria.WEIGHT_TOTAL)
    our_score = serializers.IntegerField(min_value=criteria.SCORE_MIN, max_value=criteria.SCORE_MAX)
    competitor_score = serializers.IntegerField(
        min_value=criteria.SCORE_MIN, max_value=criteria.SCORE_MAX
    )
    best_competitor = serializers.PrimaryKeyRelatedField(
        queryset=Competitor.objects.all(), required=False, allow_null=True
    )
    # Field.label (the form label) shares the name; DRF keeps them apart.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    recommended_move = serializers.ChoiceField(
        source="move", choices=RecommendedMove.choices, read_only=True
    )
    recommended_move_label = serializers.CharField(source="get_move_display", read_only=True)

    class Meta:
        model = DecisionCriterion
        fields = (
            "criterion",
            "other_label",
            "label",
            "weight",
            "our_score",
            "competitor_score",
            "best_competitor",
            "note",
            "recommended_move",
            "recommended_move_label",
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["criterion"] == Criterion.OTHER and not attrs.get("other_label", "").strip():
            raise serializers.ValidationError({"other_label": _("Name the other criterion.")})
        return attrs


class DecisionCriteriaInputSerializer(serializers.Serializer):
    criteria = CriterionSerializer(
        many=True, allow_empty=True, help_text=_("The whole set; the weights must sum to 100.")
    )


class PositionSerializer(serializers.Serializer):
    ours = serializers.DecimalField(max_digits=4, decimal_places=2)
    theirs = serializers.DecimalField(max_digits=4, decimal_places=2)
    lead = serializers.DecimalField(max_digits=4, decimal_places=2)


class DecisionCriteriaOutputSerializer(serializers.Serializer):
    account = serializers.IntegerField(source="account.pk")
    account_name = serializers.CharField(source="account.name")
    criteria = CriterionSerializer(source="assessment.rows", many=True)
    weight_total = serializers.IntegerField(source="assessment.weight_total")
    position = PositionSerializer(
        source="assessment.position",
        allow_null=True,
        help_text=_("Weighted scores (1–10) of us and the best competitor; null without criteria."),
    )
