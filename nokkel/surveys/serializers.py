"""Shapes of the surveys API: the answer that comes in, the questionnaire and results out.

Input serializers parse and check ranges; the services check completeness and the
importance total again and own every change.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nokkel.surveys.answers import COMMENT_MAX, AnswerSet
from nokkel.surveys.models import (
    IMPORTANCE_TOTAL,
    SCALE_MAX,
    SCALE_MIN,
    SurveyCampaign,
    SurveyResponse,
)
from nokkel.surveys.scoring import SurveyScore


class AnswerItemSerializer(serializers.Serializer):
    statement = serializers.IntegerField(help_text=_("The statement's id, from the GET."))
    expectation = serializers.IntegerField(min_value=SCALE_MIN, max_value=SCALE_MAX)
    perception = serializers.IntegerField(min_value=SCALE_MIN, max_value=SCALE_MAX)

    def to_internal_value(self, data: Any) -> Any:
        # Integrations that echo the GET's statement objects send "id" or "statement_id".
        if isinstance(data, dict) and "statement" not in data:
            for alias in ("statement_id", "id"):
                if alias in data:
                    data = {**data, "statement": data[alias]}
                    break
        return super().to_internal_value(data)


class SurveyAnswerInputSerializer(serializers.Serializer):
    answers = AnswerItemSerializer(many=True, allow_empty=False)
    importance = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=IMPORTANCE_TOTAL),
        help_text=_("Points per area key, adding up to 100."),
    )
    nps = serializers.IntegerField(min_value=0, max_value=10)
    csat = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=COMMENT_MAX, default=""
    )

    def to_internal_value(self, data: Any) -> Any:
        # The answers may also come keyed by statement id, and the importance split as a
        # list of {"key", "points"}.
        answers = data.get("answers") if hasattr(data, "get") else None
        if isinstance(answers, dict):
            data = {
                **data,
                "answers": [
                    {"statement": key, **value} if isinstance(value, dict) else value
                    for key, value in answers.items()
                ],
            }
        importance = data.get("importance") if hasattr(data, "get") else None
        if isinstance(importance, list):
            as_dict = {}
            for item in importance:
                if isinstance(item, dict):
                    key = item.get("key", item.get("area"))
                    as_dict[key] = item.get("points", item.get("importance"))
            data = {**data, "importance": as_dict}
        return super().to_internal_value(data)

    def validate_answers(self, value: list[dict[str, int]]) -> list[dict[str, int]]:
        ids = [item["statement"] for item in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Answer each statement once."))
        return value

    def answer_set(self) -> AnswerSet:
        data = self.validated_data
        return AnswerSet(
            expectation={item["statement"]: item["expectation"] for item in data["answers"]},
            perception={item["statement"]: item["perception"] for item in data["answers"]},
            importance=dict(data["importance"]),
            nps=data["nps"],
            csat=data["csat"],
            comment=data.get("comment", ""),
        )


def response_payload(response: SurveyResponse | None) -> dict[str, Any] | None:
    if response is None:
        return None
    return {
        "answers": [
            {
                "statement": answer.statement_id,
                "expectation": answer.expectation,
                "perception": answer.perception,
            }
            for answer in response.answers.all()
        ],
        "importance": response.importance,
        "nps": response.nps,
        "csat": response.csat,
        "comment": response.comment,
        "submitted_at": response.submitted_at.isoformat(),
        "updated_at": response.updated_at.isoformat(),
    }


def results_payload(score: SurveyScore) -> dict[str, Any]:
    """The results document: per area the numbers, then NPS, CSAT and how many answered."""
    return {
        "areas": [
            {
                "key": area.key,
                "importance": area.importance,
                "expectation": area.expectation,
                "perception": area.perception,
                "team_estimate": area.team_estimate,
                "customer_gap": area.customer_gap,
                "knowledge_gap": area.knowledge_gap,
            }
            for area in score.areas
        ],
        "nps": score.nps,
        "csat": score.csat,
        "responses": score.responses,
    }


EMPTY_RESULTS: dict[str, Any] = {"areas": [], "nps": None, "csat": None, "responses": 0}


class ResultAreaSerializer(serializers.Serializer):
    """For the API schema only; the document is built by results_payload."""

    key = serializers.CharField()
    importance = serializers.FloatField(allow_null=True)
    expectation = serializers.FloatField(allow_null=True)
    perception = serializers.FloatField(allow_null=True)
    team_estimate = serializers.FloatField(allow_null=True)
    customer_gap = serializers.FloatField(allow_null=True)
    knowledge_gap = serializers.FloatField(allow_null=True)


class ResultsSerializer(serializers.Serializer):
    areas = ResultAreaSerializer(many=True)
    nps = serializers.FloatField(allow_null=True, help_text=_("From −100 to 100."))
    csat = serializers.FloatField(allow_null=True, help_text=_("Share (0–1) answering 4 or 5."))
    responses = serializers.IntegerField()


class CampaignOutputSerializer(serializers.ModelSerializer):
    # Plain strings, not enums: other apps' "status" and "language" choices would collide
    # in the schema's enum names.
    status = serializers.CharField(help_text=_("draft, open or closed"))
    language = serializers.CharField(help_text=_("The default language: nb or en"))
    questionnaire_version = serializers.IntegerField(source="questionnaire.version")
    accounts = serializers.SerializerMethodField()

    class Meta:
        model = SurveyCampaign
        fields = [
            "id",
            "name",
            "status",
            "language",
            "questionnaire_version",
            "closes_on",
            "created_at",
            "sent_at",
            "closed_at",
            "accounts",
        ]

    def get_accounts(self, campaign: SurveyCampaign) -> list[int]:
        """The surveyed accounts' ids; the view prefetches only those the caller may see."""
        return sorted(target.account_id for target in campaign.targets.all())
