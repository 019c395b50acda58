from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nokkel.accounts.models import RelationshipForm
from nokkel.activities.models import (
    AreaSentiment,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    KeyArea,
)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"type": "string", "enum": KeyArea.values}},
            {
                "type": "object",
                "additionalProperties": {"type": "string", "enum": AreaSentiment.values},
            },
        ]
    }
)
class KeyAreasField(serializers.Field):
    """Key areas as a list of codes (["accuracy"]) or a map to sentiments
    ({"accuracy": "negative"}); a list means neutral."""

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if isinstance(data, list):
            data = dict.fromkeys(data, AreaSentiment.NEUTRAL)
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("Give a list of key areas or a map to sentiments."))
        unknown = set(data) - set(KeyArea.values)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown key area: %(areas)s.") % {"areas": ", ".join(sorted(map(str, unknown)))}
            )
        bad = {v for v in data.values() if v not in AreaSentiment.values}
        if bad:
            raise serializers.ValidationError(
                _("A sentiment is one of %(values)s.") % {"values": ", ".join(AreaSentiment.values)}
            )
        return {str(k): str(v) for k, v in data.items()}

    def to_representation(self, value: dict[str, str]) -> list[str]:
        return sorted(value)


class InteractionOutputSerializer(serializers.ModelSerializer):
    key_areas = KeyAreasField()
    key_area_sentiments = serializers.JSONField(source="key_areas", read_only=True)
    author: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    participants: serializers.ManyRelatedField = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="username", many=True, read_only=True
    )

    class Meta:
        model = Interaction
        fields = (
            "id",
            "account",
            "kind",
            "happened_at",
            "summary",
            "outcome",
            "next_step",
            "contacts",
            "participants",
            "relationship_forms",
            "key_areas",
            "key_area_sentiments",
            "confidential",
            "source",
            "author",
            "version",
            "created_at",
        )
        read_only_fields = fields


class InteractionInputSerializer(serializers.Serializer):
    account = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=InteractionKind.choices)
    happened_at = serializers.DateTimeField()
    summary = serializers.CharField()
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    next_step = serializers.CharField(required=False, allow_blank=True, default="")
    contacts = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    participants = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    relationship_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=RelationshipForm.choices),
        required=False,
        default=list,
    )
    key_areas = KeyAreasField(required=False, default=dict)
    confidential = serializers.BooleanField(required=False, default=False)


class FollowUpSerializer(serializers.ModelSerializer):
    owner: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = FollowUp
        fields = (
            "id",
            "account",
            "title",
            "due_on",
            "status",
            "owner",
            "interaction",
            "source",
            "completed_at",
            "created_at",
        )
        read_only_fields = (
            "id",
            "account",
            "owner",
            "interaction",
            "source",
            "completed_at",
            "created_at",
        )


class FollowUpInputSerializer(serializers.Serializer):
    account = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField()
    owner = serializers.CharField(required=False)


class FollowUpUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    due_on = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=FollowUpStatus.choices, required=False)


class QuickLogInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    account = serializers.IntegerField(required=False, allow_null=True)
    reference_date = serializers.DateField(required=False, allow_null=True)
