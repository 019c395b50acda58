"""Forms parse and check input; the services do the saving."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.models import RelationshipForm
from nokkel.core.forms import ServiceModelForm
from nokkel.plans.models import CustomerPlan, Objective, PlanAction
from nokkel.users.models import User

DATE_WIDGET = {"type": "date"}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


class CheckboxList(forms.CheckboxSelectMultiple):
    """Check boxes laid out as a labelled group.

    core/_form_fields.html lays out any widget whose input_type is "checkbox" as one
    inline box beside its label; a group keeps the ordinary field layout this way.
    """

    input_type = "checkbox-list"

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["type"] = "checkbox"
        return option


def _people_field(field: forms.Field, people: Sequence[User]) -> None:
    field.queryset = User.objects.filter(pk__in=[p.pk for p in people])
    field.label_from_instance = str
    field.help_text = _("Someone on the account team.")


class PlanForm(ServiceModelForm):
    relationship_forms = forms.MultipleChoiceField(
        label=_("Relationship forms we aim to use"),
        choices=RelationshipForm.choices,
        required=False,
        widget=CheckboxList,
        help_text=_("A healthy key account uses several at once."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CustomerPlan
        fields = (
            "period_start",
            "period_end",
            "customer_goals",
            "relationship_forms",
            "cadence_days",
            "next_review_on",
        )
        widgets = {
            "period_start": _date_input(),
            "period_end": _date_input(),
            "next_review_on": _date_input(),
            "customer_goals": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, default_cadence_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer_goals"].help_text = _(
            "In the customer's own words: what they want to achieve."
        )
        self.fields["cadence_days"].help_text = _(
            "Leave empty for the default for the account's class: every %(days)s days."
        ) % {"days": default_cadence_days}
        self.fields["cadence_days"].widget.attrs.update({"min": 1, "max": 365})
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The plan period must end after it starts."))
        return data


class ObjectiveForm(ServiceModelForm):
    class Meta:
        model = Objective
        fields = ("title", "measure", "owner", "due_on", "status", "progress")
        widgets = {"due_on": _date_input()}

    def __init__(self, *args: Any, people: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_field(self.fields["owner"], people)
        self.fields["measure"].help_text = _("For example: on-time delivery above 98 %.")
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})


class ActionForm(ServiceModelForm):
    class Meta:
        model = PlanAction
        fields = ("title", "objective", "owner", "due_on")
        widgets = {"due_on": _date_input()}

    def __init__(
        self, *args: Any, people: Sequence[User], objectives: Sequence[Objective], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _people_field(self.fields["owner"], people)
        self.fields["owner"].help_text = _("They get a follow-up for it in their list.")
        self.fields["objective"].queryset = Objective.objects.filter(
            pk__in=[o.pk for o in objectives]
        )
        self.fields["objective"].empty_label = _("(no objective)")
