"""Forms parse and check input; the services do the saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokkel.accounts import selectors
from nokkel.accounts.access import can_hand_over, can_see_confidential
from nokkel.accounts.models import (
    MEMBER_ROLES,
    Account,
    AccountStatus,
    Contact,
    RelationshipForm,
    TeamRole,
)
from nokkel.core.forms import ServiceModelForm
from nokkel.core.orgnr import normalize_org_number
from nokkel.core.validators import validate_org_number
from nokkel.users.models import User


class _ServiceValidatedModelForm(ServiceModelForm):
    """Carries the version the edit started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AccountForm(_ServiceValidatedModelForm):
    class Meta:
        model = Account
        fields = (
            "name",
            "org_number",
            "customer_number",
            "status",
            "segment",
            "is_key_account",
            "kam",
            "deputy",
            "parent",
            "industry",
            "website",
            "street_address",
            "postal_code",
            "city",
            "confidential_note",
        )
        widgets = {"confidential_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["org_number"].max_length = 20  # people type spaces; normalized below
        self.fields["org_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "maxlength": 20}
        )
        self.fields["org_number"].validators = []
        self.fields["kam"].queryset = selectors.kam_choices()
        # Another segment, or taking the account over, is a handover (see access.py).
        if not can_hand_over(user, self.instance if self.instance.pk else None):
            if not self.instance.pk:
                self.fields["kam"].disabled = True
                self.initial["kam"] = user.pk
            elif self.instance.kam_id != user.pk:
                self.fields["kam"].disabled = True
            if self.instance.pk:
                self.fields["segment"].disabled = True
                self.fields["segment"].help_text = _(
                    "A sales manager moves accounts between segments."
                )
        self.fields["deputy"].queryset = selectors.assignable_users()
        parents = Account.objects.visible_to(user)
        if self.instance.pk:
            # Keep a current parent the editor cannot see, or saving would clear it.
            parents = (parents | Account.objects.filter(pk=self.instance.parent_id)).exclude(
                pk=self.instance.pk
            )
            self.fields["version"].initial = self.instance.version
        self.fields["parent"].queryset = parents.only("pk", "name").distinct()
        if self.instance.pk and not can_see_confidential(user, self.instance):
            del self.fields["confidential_note"]

    def clean_org_number(self) -> str | None:
        value = (self.cleaned_data.get("org_number") or "").strip()
        if not value:
            return None
        validate_org_number(value)
        normalized = normalize_org_number(value)
        message = selectors.duplicate_account_message(
            user=self.user, field="org_number", value=normalized, exclude_pk=self.instance.pk
        )
        if message:
            raise forms.ValidationError(message, code="duplicate")
        return normalized

    def clean_customer_number(self) -> str | None:
        value = (self.cleaned_data.get("customer_number") or "").strip() or None
        message = selectors.duplicate_account_message(
            user=self.user, field="customer_number", value=value, exclude_pk=self.instance.pk
        )
        if message:
            raise forms.ValidationError(message, code="duplicate")
        return value


class AccountFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, org. number or customer number")}
        ),
    )
    segment = forms.TypedChoiceField(
        label=_("Segment"), required=False, coerce=int, empty_value=None
    )
    kam = forms.TypedChoiceField(label=_("KAM"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *AccountStatus.choices],
    )
    key = forms.ChoiceField(
        label=_("Key account"),
        required=False,
        choices=[("", _("All accounts")), ("yes", _("Key accounts")), ("no", _("Other accounts"))],
    )
    abc = forms.ChoiceField(
        label=_("ABC class"),
        required=False,
        choices=[
            ("", _("All classes")),
            ("A", "A"),
            ("B", "B"),
            ("C", "C"),
            ("none", _("No class")),
        ],
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [
            ("", _("All segments")),
            *((s.pk, s.name) for s in selectors.segment_list()),
        ]
        self.fields["kam"].choices = [
            ("", _("All KAMs")),
            *((u.pk, str(u)) for u in selectors.kam_choices()),
        ]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        key = {"yes": True, "no": False}.get(data.get("key") or "")
        return {
            "search": data.get("q") or "",
            "segment_id": data.get("segment"),
            "kam_id": data.get("kam"),
            "status": data.get("status") or "",
            "key_account": key,
            "abc_class": data.get("abc") or "",
            "sort": data.get("sort") or selectors.DEFAULT_ACCOUNT_SORT,
        }


class ContactForm(_ServiceValidatedModelForm):
    relationship_forms = forms.MultipleChoiceField(
        label=_("Relationship forms"),
        choices=RelationshipForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("How we are connected to this person."),
    )

    class Meta:
        model = Contact
        fields = (
            "name",
            "title",
            "email",
            "phone",
            "buying_role",
            "sentiment",
            "relationship_forms",
            "active",
            "left_on",
        )
        widgets = {"left_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"type": "tel", "inputmode": "tel"})
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["active"]
            del self.fields["left_on"]


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(TeamRole.DEPUTY.value, TeamRole.DEPUTY.label)]
        + [(r.value, r.label) for r in MEMBER_ROLES],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.assignable_users()


class HandoverForm(forms.Form):
    new_kam = forms.ModelChoiceField(label=_("New KAM"), queryset=User.objects.none())
    new_deputy = forms.ModelChoiceField(
        label=_("New deputy"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to keep the current deputy."),
    )
    note = forms.CharField(
        label=_("Note for the timeline"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_kam"].queryset = selectors.kam_choices()
        self.fields["new_deputy"].queryset = selectors.assignable_users()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_kam") and data.get("new_kam") == data.get("new_deputy"):
            self.add_error("new_deputy", _("The deputy must be someone other than the KAM."))
        return data


class PortfolioHandoverForm(HandoverForm):
    from_user = forms.ModelChoiceField(
        label=_("Hand over all accounts of"), queryset=User.objects.none()
    )
    include_deputy_roles = forms.BooleanField(
        label=_("Also hand over the accounts where this person is deputy"),
        required=False,
        initial=True,
    )
    field_order = ["from_user", "new_kam", "new_deputy", "include_deputy_roles", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_user"].queryset = selectors.kam_choices()
        self.fields["new_deputy"].help_text = _(
            "Leave empty to keep each account's current deputy."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("from_user") and data.get("from_user") == data.get("new_kam"):
            self.add_error("new_kam", _("Choose someone other than the person leaving."))
        return data
