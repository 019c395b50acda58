"""Shapes of the plans API: what comes in, what goes out.

Input serializers parse and check; the services validate again and own every change
(including the one-active-plan rule, so the model's constraint validators are off here).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nokkel.accounts.models import RelationshipForm
from nokkel.accounts.selectors import assignable_users
from nokkel.accounts.serializers import UsernameField, VisibleAccountField
from nokkel.plans.models import CustomerPlan, Objective, PlanAction, PlanStatus
from nokkel.plans.services import ACTION_FIELDS, OBJECTIVE_FIELDS, PLAN_FIELDS

VERSION_HELP = _("The version the edit started from; a 409 when someone saved in between.")


def _relationship_forms(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=RelationshipForm.choices), **kwargs
    )


class ObjectiveOutputSerializer(serializers.ModelSerializer):
    owner = UsernameField(read_only=True, help_text=_("A username."))

    class Meta:
        model = Objective
        fields = ("id", *OBJECTIVE_FIELDS)
        read_only_fields = fields


class ActionOutputSerializer(serializers.ModelSerializer):
    owner = UsernameField(read_only=True, help_text=_("A username."))

    class Meta:
        model = PlanAction
        fields = ("id", *ACTION_FIELDS, "status", "completed_on", "follow_up")
        read_only_fields = fields


class PlanOutputSerializer(serializers.ModelSerializer):
    account_name = serializers.CharField(source="account.name", read_only=True)
    relationship_forms = _relationship_forms(read_only=True)
    created_by = UsernameField(read_only=True, allow_null=True, help_text=_("A username."))
    objectives = ObjectiveOutputSerializer(many=True, read_only=True)
    actions = ActionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = CustomerPlan
        fields = (
            "id",
            "account",
            "account_name",
            "status",
            *PLAN_FIELDS,
            "objectives",
            "actions",
            "version",
            "created_by",
            "activated_at",
            "archived_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class PlanFilterSerializer(serializers.Serializer):
    account = serializers.IntegerField(required=False, help_text=_("Only this account's plans."))
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)


class PlanCreateSerializer(serializers.ModelSerializer):
    account = VisibleAccountField()
    relationship_forms = _relationship_forms(required=False)

    class Meta:
        model = CustomerPlan
        fields = ("account", *PLAN_FIELDS)
        validators: list[Any] = []


class PlanUpdateSerializer(serializers.ModelSerializer):
    # Accepted so a PUT can send back what a GET returned; a plan stays with its account.
    account = serializers.IntegerField(required=False, write_only=True)
    relationship_forms = _relationship_forms(required=False)
    status = serializers.ChoiceField(
        choices=PlanStatus.choices,
        required=False,
        help_text=_(
            "“active” makes this the account's plan in force; “archived” keeps it as history."
        ),
    )
    replace_active = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text=_(
            "With status “active”: archive the account's current active plan. "
            "Without it, a second active plan is refused."
        ),
    )
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)

    class Meta:
        model = CustomerPlan
        fields = ("account", *PLAN_FIELDS, "status", "replace_active", "version")
        validators: list[Any] = []

    def validate_account(self, value: int) -> int:
        if self.instance is not None and value != self.instance.account_id:
            raise serializers.ValidationError(
                _("A plan stays with its account; create a plan for the other account instead.")
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.pop("account", None)
        return attrs


class PlanObjectiveField(serializers.PrimaryKeyRelatedField):
    """One of the plan's own objectives (the plan comes in the serializer's context)."""

    def get_queryset(self) -> Any:
        return Objective.objects.filter(plan=self.context["plan"])


class ObjectiveInputSerializer(serializers.ModelSerializer):
    owner = UsernameField(queryset=assignable_users(), help_text=_("A username."))

    class Meta:
        model = Objective
        fields = OBJECTIVE_FIELDS


class ActionInputSerializer(serializers.ModelSerializer):
    owner = UsernameField(queryset=assignable_users(), help_text=_("A username."))
    objective = PlanObjectiveField(
        required=False, allow_null=True, help_text=_("One of this plan's objectives.")
    )

    class Meta:
        model = PlanAction
        fields = ACTION_FIELDS
