"""Forms parse and check input; the services check the whole and do the saving."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nokkel.agreements import contract_dates
from nokkel.agreements.contract_services import CONTRACT_FIELDS
from nokkel.agreements.models import (
    MAX_NOTICE_MONTHS,
    Contract,
    Offer,
    OfferLine,
    WeightBand,
)
from nokkel.agreements.services import OFFER_FIELDS, ContractTerms, OfferLineInput
from nokkel.needs.models import NeedsAnalysis
from nokkel.shipments.models import Service

EXTRA_LINES = 3
NEGATIVE_PRICE = _("The price per parcel cannot be below zero.")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = OFFER_FIELDS
        widgets = {"valid_until": _date_input(), "terms": forms.Textarea(attrs={"rows": 3})}

    def field_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in OFFER_FIELDS}


class OfferLineForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"), choices=[("", "—"), *Service.choices], required=False
    )
    zone = forms.CharField(label=_("Zone"), max_length=50, required=False)
    weight_band = forms.ChoiceField(
        label=_("Weight band"), choices=[("", _("Any")), *WeightBand.choices], required=False
    )
    price_per_parcel = forms.DecimalField(
        label=_("Price per parcel (NOK)"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        error_messages={"min_value": NEGATIVE_PRICE},
    )
    expected_parcels_per_month = forms.IntegerField(
        label=_("Parcels per month"), min_value=0, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("service"):
            for name in ("price_per_parcel", "expected_parcels_per_month"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Needed for each line."))
        return data

    def as_input(self) -> OfferLineInput | None:
        data = self.cleaned_data
        if not data.get("service"):
            return None
        return OfferLineInput(
            service=data["service"],
            price_per_parcel=data["price_per_parcel"],
            expected_parcels_per_month=data["expected_parcels_per_month"],
            zone=data.get("zone", ""),
            weight_band=data.get("weight_band", ""),
        )


class BaseOfferLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[OfferLineInput]:
        found = (form.as_input() for form in self.forms)
        return [line for line in found if line is not None]


OfferLineFormSet = cast(
    type[BaseOfferLineFormSet],
    forms.formset_factory(OfferLineForm, formset=BaseOfferLineFormSet, extra=EXTRA_LINES),
)


def initial_lines(
    *, lines: list[OfferLine] | None = None, analysis: NeedsAnalysis | None = None
) -> list[dict[str, Any]]:
    """An offer's own lines, or for a new offer one line per service the customer ships."""
    if lines:
        return [
            {
                "service": line.service,
                "zone": line.zone,
                "weight_band": line.weight_band,
                "price_per_parcel": line.price_per_parcel,
                "expected_parcels_per_month": line.expected_parcels_per_month,
            }
            for line in lines
        ]
    if analysis is None:
        return []
    return [
        {"service": volume.service, "expected_parcels_per_month": volume.parcels_per_month}
        for volume in analysis.volumes.all()
    ]


class AcceptForm(forms.Form):
    create_contract = forms.BooleanField(
        label=_("Register the contract now"), required=False, initial=True
    )
    start_on = forms.DateField(label=_("Contract start"), widget=_date_input(), required=False)
    end_on = forms.DateField(label=_("Contract end"), widget=_date_input(), required=False)
    notice_months = forms.IntegerField(
        label=_("Notice period (months)"), min_value=0, max_value=MAX_NOTICE_MONTHS, initial=3
    )
    auto_renewal = forms.BooleanField(label=_("Renews automatically"), required=False)

    @classmethod
    def initial_for(cls, offer: Offer, today: date) -> dict[str, Any]:
        return {
            "start_on": today,
            "end_on": contract_dates.term_end(start_on=today, months=offer.contract_months),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("create_contract"):
            for name in ("start_on", "end_on"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed to register the contract."))
        return data

    def terms(self) -> ContractTerms | None:
        data = self.cleaned_data
        if not data.get("create_contract"):
            return None
        return ContractTerms(
            start_on=data["start_on"],
            end_on=data["end_on"],
            notice_months=data["notice_months"],
            auto_renewal=data["auto_renewal"],
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why did the customer say no?"), max_length=300, required=False
    )


class ContractForm(forms.ModelForm):
    document = forms.FileField(
        label=_("Signed document (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contract
        fields = CONTRACT_FIELDS
        widgets = {
            "start_on": _date_input(),
            "end_on": _date_input(),
            "service_levels": forms.Textarea(attrs={"rows": 2}),
            "price_adjustment_terms": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def validate_constraints(self) -> None:
        return None  # the service names the field (an end before the start)

    def field_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONTRACT_FIELDS}
