"""Shapes of the pipeline API: what comes in, what goes out.

Input serializers parse and check; the services validate again and own every change.
Money goes out as strings with two decimals.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nokkel.accounts.selectors import kam_choices
from nokkel.accounts.serializers import UsernameField, VisibleAccountField
from nokkel.competitors.models import Competitor
from nokkel.core.orgnr import normalize_org_number
from nokkel.core.validators import validate_org_number, validate_phone
from nokkel.pipeline import phases
from nokkel.pipeline.describe import mismatch_text
from nokkel.pipeline.forms import MAX_PARCELS_PER_MONTH, MESSAGE_MAX_LENGTH, PRIVACY_TEXT
from nokkel.pipeline.lead_services import LeadSubmission
from nokkel.pipeline.models import (
    BuyingPhase,
    Lead,
    LostReason,
    Opportunity,
    PhaseChange,
    SalesPhase,
)
from nokkel.pipeline.services import OPPORTUNITY_FIELDS
from nokkel.shipments.models import Service


def _services(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=Service.choices), max_length=len(Service), **kwargs
    )


class LeadInputSerializer(serializers.Serializer):
    company = serializers.CharField(max_length=200)
    org_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, validators=[validate_org_number]
    )
    contact_name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, validators=[validate_phone]
    )
    parcels_per_month = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_PARCELS_PER_MONTH
    )
    services = _services(required=False)
    message = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True)
    consent = serializers.BooleanField(help_text=PRIVACY_TEXT)
    website = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Leave empty."), max_length=200
    )

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("We can only contact you with your consent."))
        return value

    def submission(self) -> LeadSubmission:
        data = self.validated_data
        org_number = data.get("org_number", "")
        return LeadSubmission(
            company=data["company"],
            org_number=normalize_org_number(org_number) if org_number else "",
            contact_name=data["contact_name"],
            email=data["email"],
            phone=data.get("phone", ""),
            parcels_per_month=data.get("parcels_per_month"),
            services=tuple(data.get("services", ())),
            message=data.get("message", ""),
            consent_text=str(PRIVACY_TEXT),
        )


class LeadOutputSerializer(serializers.ModelSerializer):
    assigned_to = UsernameField(read_only=True, allow_null=True)

    class Meta:
        model = Lead
        fields = (
            "id",
            "received_at",
            "company",
            "org_number",
            "contact_name",
            "email",
            "phone",
            "parcels_per_month",
            "services",
            "message",
            "account",
            "contact",
            "opportunity",
            "matched_by",
            "assigned_to",
            "routed_by",
        )


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True})
class CompetitorField(serializers.RelatedField):
    """A competitor by id or by exact name ("PostNord")."""

    default_error_messages = {
        "does_not_exist": _("There is no competitor “{value}”."),
        "incorrect_type": _("Give a competitor id or name."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Competitor.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Competitor:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type")
        text = str(data).strip()
        lookup: dict[str, Any] = {"pk": int(text)} if text.isdigit() else {"name__iexact": text}
        try:
            return Competitor.objects.get(**lookup)
        except Competitor.DoesNotExist:
            self.fail("does_not_exist", value=text)

    def to_representation(self, value: Any) -> int:
        return int(value.pk)


class OpportunityUpdateSerializer(serializers.ModelSerializer):
    services = _services(required=False)
    owner = UsernameField(queryset=kam_choices(), required=False, help_text=_("A username."))
    annual_revenue = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version the edit started from; a 409 when someone saved in between."),
    )

    class Meta:
        model = Opportunity
        fields: tuple[str, ...] = (*OPPORTUNITY_FIELDS, "version")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        moved = {"phase", "buying_phase", "lost_reason", "lost_to"} & set(self.initial_data)
        if moved and self.instance is not None:
            raise serializers.ValidationError(
                dict.fromkeys(moved, _("Phases change through the move endpoint."))
            )
        return attrs


class OpportunityCreateSerializer(OpportunityUpdateSerializer):
    account = VisibleAccountField()
    phase = serializers.ChoiceField(
        choices=[c for c in SalesPhase.choices if c[0] in phases.OPEN_PHASES],
        required=False,
        help_text=_("Where it starts; identify unless given."),
    )
    buying_phase = serializers.ChoiceField(
        choices=BuyingPhase.choices, required=False, allow_blank=True
    )

    class Meta(OpportunityUpdateSerializer.Meta):
        fields = ("account", *OPPORTUNITY_FIELDS, "phase", "buying_phase")


class MoveInputSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=SalesPhase.choices)
    buying_phase = serializers.ChoiceField(
        choices=BuyingPhase.choices,
        required=False,
        allow_blank=True,
        help_text=_("Left as it is when not sent."),
    )
    lost_reason = serializers.ChoiceField(
        choices=LostReason.choices,
        required=False,
        allow_blank=True,
        help_text=_("Required when the phase is lost."),
    )
    lost_to = CompetitorField(required=False, allow_null=True)
    lost_note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    version = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["phase"] == phases.LOST and not attrs.get("lost_reason"):
            raise serializers.ValidationError(
                {"lost_reason": _("Say why the opportunity was lost.")}
            )
        return attrs


class MismatchSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()


class PhaseChangeSerializer(serializers.ModelSerializer):
    changed_by = UsernameField(read_only=True, allow_null=True)

    class Meta:
        model = PhaseChange
        fields = (
            "from_phase",
            "to_phase",
            "from_buying_phase",
            "to_buying_phase",
            "changed_at",
            "changed_by",
        )


class OpportunityOutputSerializer(serializers.ModelSerializer):
    account_name = serializers.CharField(source="account.name", read_only=True)
    owner = UsernameField(read_only=True, help_text=_("A username."))
    weighted_value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    mismatch = serializers.SerializerMethodField()
    lost_to_name = serializers.CharField(source="lost_to.name", read_only=True, allow_null=True)

    class Meta:
        model = Opportunity
        fields: tuple[str, ...] = (
            "id",
            "account",
            "account_name",
            "title",
            "kind",
            "services",
            "expected_parcels_per_month",
            "annual_revenue",
            "probability",
            "weighted_value",
            "expected_close_on",
            "owner",
            "phase",
            "buying_phase",
            "mismatch",
            "phase_changed_at",
            "closed_on",
            "lost_reason",
            "lost_to",
            "lost_to_name",
            "lost_note",
            "version",
            "created_at",
            "updated_at",
        )

    @extend_schema_field(MismatchSerializer(allow_null=True))
    def get_mismatch(self, opportunity: Opportunity) -> dict[str, str] | None:
        mismatch = opportunity.mismatch
        if mismatch is None:
            return None
        return {
            "code": mismatch.code,
            "severity": mismatch.severity,
            "message": mismatch_text(
                mismatch, sales_phase=opportunity.phase, buying_phase=opportunity.buying_phase
            ),
        }


class OpportunityDetailSerializer(OpportunityOutputSerializer):
    history = PhaseChangeSerializer(source="phase_changes", many=True, read_only=True)

    class Meta(OpportunityOutputSerializer.Meta):
        fields = (*OpportunityOutputSerializer.Meta.fields, "history")


class OpportunityFilterSerializer(serializers.Serializer):
    account = serializers.IntegerField(required=False, min_value=1)
    owner = serializers.CharField(required=False, help_text=_("A username or a user id."))
    phase = serializers.ChoiceField(choices=SalesPhase.choices, required=False)
