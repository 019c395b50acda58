from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.models import Account, Contact, RelationshipForm
from nokkel.activities.models import AreaSentiment, InteractionKind, KeyArea
from nokkel.users.models import User


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    happened_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y"],
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts present"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Our people present"), queryset=User.objects.none(), required=False
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_step = forms.CharField(label=_("Next step"), required=False)
    relationship_forms = forms.MultipleChoiceField(
        label=_("Relationship forms involved"),
        choices=RelationshipForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential = forms.BooleanField(
        label=_("Confidential (only the KAM, the deputy and managers see it)"), required=False
    )

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["contacts"].queryset = account.contacts.filter(active=True)
        self.fields["participants"].queryset = User.objects.filter(is_active=True).order_by(
            "username"
        )
        # One sentiment choice per key area: "not touched" leaves the area out.
        for area in KeyArea:
            self.fields[f"area_{area.value}"] = forms.ChoiceField(
                label=area.label,
                required=False,
                choices=[("", _("Not touched")), *AreaSentiment.choices],
            )

    def key_areas(self) -> dict[str, str]:
        return {
            area.value: self.cleaned_data[f"area_{area.value}"]
            for area in KeyArea
            if self.cleaned_data.get(f"area_{area.value}")
        }

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "happened_at": data["happened_at"],
            "contacts": list(data["contacts"]),
            "participants": list(data["participants"]),
            "summary": data["summary"],
            "outcome": data["outcome"],
            "next_step": data["next_step"],
            "relationship_forms": data["relationship_forms"],
            "key_areas": self.key_areas(),
            "confidential": data["confidential"],
        }


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("What"), max_length=300)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
