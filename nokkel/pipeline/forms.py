"""Forms parse and check input; the services do the saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.models import Segment
from nokkel.accounts.selectors import kam_choices
from nokkel.competitors.models import Competitor
from nokkel.core.forms import ServiceModelForm
from nokkel.core.orgnr import normalize_org_number
from nokkel.core.validators import validate_org_number, validate_phone
from nokkel.pipeline.lead_services import LeadSubmission
from nokkel.pipeline.models import (
    BuyingPhase,
    LostReason,
    Opportunity,
    SalesPhase,
)
from nokkel.pipeline.services import OPPORTUNITY_FIELDS
from nokkel.shipments.models import Service
from nokkel.users.models import User

PRIVACY_TEXT = _(
    "We use what you write here only to answer your request and to prepare a "
    "non-binding offer. A key account manager will contact you by e-mail or phone. "
    "We keep the request while we talk with you and for at most two years after, "
    "and you can ask us to delete it at any time."
)
MESSAGE_MAX_LENGTH = 2000
MAX_PARCELS_PER_MONTH = 10_000_000
# The name a bot is glad to fill in; people never see the field.
HONEYPOT_FIELD = "website"


class LeadForm(forms.Form):
    """The public request form. Every field is bounded, so a submission stays small."""

    company = forms.CharField(label=_("Company"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, validators=[validate_phone]
    )
    parcels_per_month = forms.IntegerField(
        label=_("Estimated parcels per month"),
        required=False,
        min_value=0,
        max_value=MAX_PARCELS_PER_MONTH,
    )
    services = forms.MultipleChoiceField(
        label=_("Services you are interested in"),
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("I agree to be contacted about this request."),
        widget=forms.CheckboxInput(attrs={"aria-describedby": "privacy-text"}),
        error_messages={"required": _("We can only contact you with your consent.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_org_number(self) -> str:
        value = self.cleaned_data.get("org_number", "").strip()
        if not value:
            return ""
        validate_org_number(value)
        return normalize_org_number(value)

    def is_bot(self) -> bool:
        """The honeypot was filled in: people never see it."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def submission(self) -> LeadSubmission:
        data = self.cleaned_data
        return LeadSubmission(
            company=data["company"],
            org_number=data["org_number"],
            contact_name=data["contact_name"],
            email=data["email"],
            phone=data["phone"],
            parcels_per_month=data["parcels_per_month"],
            services=tuple(data["services"]),
            message=data["message"],
            consent_text=str(PRIVACY_TEXT),
        )


class OpportunityForm(ServiceModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services"),
        choices=Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Opportunity
        fields = OPPORTUNITY_FIELDS
        widgets = {"expected_close_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = kam_choices()
        if self.instance.pk:
            owners = owners | User.objects.filter(pk=self.instance.owner_id)
            self.fields["version"].initial = self.instance.version
        self.fields["owner"].queryset = owners.distinct()

    def field_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in OPPORTUNITY_FIELDS}


class MoveForm(forms.Form):
    phase = forms.ChoiceField(label=_("Our sales phase"), choices=SalesPhase.choices)
    buying_phase = forms.ChoiceField(
        label=_("The customer's buying phase"),
        choices=[("", _("Not recorded")), *BuyingPhase.choices],
        required=False,
    )
    lost_reason = forms.ChoiceField(
        label=_("Lost because of"),
        choices=[("", "—"), *LostReason.choices],
        required=False,
        help_text=_("Required when the opportunity is lost."),
    )
    lost_to = forms.ModelChoiceField(
        label=_("Lost to"),
        queryset=Competitor.objects.filter(is_active=True),
        required=False,
        empty_label=_("No competitor / not known"),
    )
    lost_note = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BoardFilterForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("KAM"), required=False, coerce=int, empty_value=None)
    segment = forms.TypedChoiceField(
        label=_("Segment"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("Everyone"))]
        self.fields["owner"].choices = everyone + [(u.pk, str(u)) for u in kam_choices()]
        self.fields["segment"].choices = [("", _("All segments"))] + [
            (s.pk, s.name) for s in Segment.objects.order_by("name")
        ]

    def filters(self) -> dict[str, int | None]:
        if not self.is_valid():
            return {"owner_id": None, "segment_id": None}
        return {
            "owner_id": self.cleaned_data["owner"],
            "segment_id": self.cleaned_data["segment"],
        }


class LeadRuleForm(forms.Form):
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=Segment.objects.all())
    min_parcels_per_month = forms.IntegerField(
        label=_("From parcels per month"), required=False, min_value=0
    )
    max_parcels_per_month = forms.IntegerField(
        label=_("To parcels per month"), required=False, min_value=0
    )
    service = forms.ChoiceField(
        label=_("Service asked for"), choices=[("", _("Any")), *Service.choices], required=False
    )
    kams = forms.ModelMultipleChoiceField(
        label=_("KAMs taking turns"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to let every KAM take a turn."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kams"].queryset = kam_choices()
