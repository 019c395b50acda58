"""Forms parse and check input; the services check the whole and do the saving."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nokkel.competitors.models import Competitor
from nokkel.needs import criteria
from nokkel.needs.models import Criterion, DecisionCriterion, NeedsAnalysis, Region, WalletCarrier
from nokkel.needs.services import ANALYSIS_FIELDS, CriterionInput, WalletShareInput
from nokkel.plans.forms import CheckboxList
from nokkel.shipments.models import Service

VOLUME_PREFIX = "parcels_"
COMPETITOR_PREFIX = "competitor:"
EXTRA_WALLET_ROWS = 4
CRITERIA_ROWS = 10


class NeedsAnalysisForm(forms.Form):
    """The analysis itself; parcels per month get one field per service."""

    peak_season = forms.CharField(
        label=_("Peak season"),
        max_length=200,
        required=False,
        help_text=_("For example “Black Week and Christmas”."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions delivered to"), choices=Region.choices, required=False, widget=CheckboxList
    )
    returns_share = forms.DecimalField(
        label=_("Share of returns (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
    )
    webshop_platform = forms.CharField(label=_("Web-shop platform"), max_length=100, required=False)
    integration = forms.CharField(
        label=_("Integration"),
        max_length=300,
        required=False,
        help_text=_("How orders reach the carrier: API, a shipping platform, manual booking…"),
    )
    pain_points = forms.CharField(
        label=_("Pain points"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in Service.choices:
            self.fields[f"{VOLUME_PREFIX}{code}"] = forms.IntegerField(
                label=_("%(service)s: parcels per month") % {"service": label},
                min_value=0,
                required=False,
            )

    @classmethod
    def initial_from(cls, analysis: NeedsAnalysis | None) -> dict[str, Any]:
        """A new version starts from the newest one."""
        if analysis is None:
            return {}
        initial: dict[str, Any] = {name: getattr(analysis, name) for name in ANALYSIS_FIELDS}
        for volume in analysis.volumes.all():
            initial[f"{VOLUME_PREFIX}{volume.service}"] = volume.parcels_per_month
        return initial

    def data_for_service(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith(VOLUME_PREFIX)
        }

    def volumes(self) -> dict[str, int]:
        return {
            name.removeprefix(VOLUME_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(VOLUME_PREFIX) and value
        }


def _carrier_choices() -> list[tuple[str, Any]]:
    competitors = Competitor.objects.order_by("name")
    return [
        ("", "—"),
        (WalletCarrier.US.value, WalletCarrier.US.label),
        *[(f"{COMPETITOR_PREFIX}{c.pk}", c.name) for c in competitors],
        (WalletCarrier.OTHERS.value, WalletCarrier.OTHERS.label),
    ]


class WalletShareForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"), required=False)
    share = forms.DecimalField(
        label=_("Share (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
    )

    def __init__(self, *args: Any, carrier_choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carrier"].choices = carrier_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("carrier") and data.get("share") is None:
            self.add_error("share", _("Give the carrier's share."))
        if data.get("share") is not None and not data.get("carrier"):
            self.add_error("carrier", _("Choose the carrier this share belongs to."))
        return data

    def as_input(self, competitors: dict[int, Competitor]) -> WalletShareInput | None:
        code = self.cleaned_data.get("carrier")
        if not code:
            return None
        share: Decimal = self.cleaned_data["share"]
        if code.startswith(COMPETITOR_PREFIX):
            competitor = competitors[int(code.removeprefix(COMPETITOR_PREFIX))]
            return WalletShareInput(WalletCarrier.COMPETITOR, share, competitor)
        return WalletShareInput(code, share)


class BaseWalletFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.carrier_choices = _carrier_choices()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "carrier_choices": self.carrier_choices}

    @property
    def empty_form(self) -> forms.Form:
        return self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            carrier_choices=self.carrier_choices,
        )

    def shares(self) -> list[WalletShareInput]:
        competitors = Competitor.objects.in_bulk()
        rows = (form.as_input(competitors) for form in self.forms)
        return [row for row in rows if row is not None]

    @staticmethod
    def initial_from(analysis: NeedsAnalysis | None) -> list[dict[str, Any]]:
        if analysis is None:
            return []
        return [
            {
                "carrier": (
                    f"{COMPETITOR_PREFIX}{row.competitor_id}" if row.competitor_id else row.carrier
                ),
                "share": row.share,
            }
            for row in analysis.wallet_shares.all()
        ]


WalletFormSet = cast(
    type[BaseWalletFormSet],
    forms.formset_factory(WalletShareForm, formset=BaseWalletFormSet, extra=EXTRA_WALLET_ROWS),
)


class CriterionForm(forms.Form):
    criterion = forms.ChoiceField(
        label=_("Criterion"), choices=[("", "—"), *Criterion.choices], required=False
    )
    other_label = forms.CharField(label=_("Other criterion"), max_length=100, required=False)
    weight = forms.IntegerField(
        label=_("Weight"), min_value=0, max_value=criteria.WEIGHT_TOTAL, required=False
    )
    our_score = forms.IntegerField(
        label=_("Our score"),
        min_value=criteria.SCORE_MIN,
        max_value=criteria.SCORE_MAX,
        required=False,
    )
    competitor_score = forms.IntegerField(
        label=_("Best competitor's score"),
        min_value=criteria.SCORE_MIN,
        max_value=criteria.SCORE_MAX,
        required=False,
    )
    best_competitor = forms.TypedChoiceField(
        label=_("Best competitor"), coerce=int, empty_value=None, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(
        self, *args: Any, competitor_choices: list[tuple[Any, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["best_competitor"].choices = competitor_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("criterion"):
            for name in ("weight", "our_score", "competitor_score"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Needed for each criterion."))
        return data

    def as_input(self, competitors: dict[int, Competitor]) -> CriterionInput | None:
        data = self.cleaned_data
        if not data.get("criterion"):
            return None
        return CriterionInput(
            criterion=data["criterion"],
            other_label=data.get("other_label", ""),
            weight=data["weight"],
            our_score=data["our_score"],
            competitor_score=data["competitor_score"],
            best_competitor=competitors.get(data.get("best_competitor") or 0),
            note=data.get("note", ""),
        )


class BaseCriterionFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # One query for the competitor choices of every row.
        self.competitors = Competitor.objects.in_bulk()
        self.competitor_choices: list[tuple[Any, str]] = [
            ("", "—"),
            *sorted(((pk, c.name) for pk, c in self.competitors.items()), key=lambda c: c[1]),
        ]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "competitor_choices": self.competitor_choices}

    @property
    def empty_form(self) -> forms.Form:
        return self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            competitor_choices=self.competitor_choices,
        )

    def rows(self) -> list[CriterionInput]:
        found = (form.as_input(self.competitors) for form in self.forms)
        return [row for row in found if row is not None]

    @staticmethod
    def initial_from(rows: list[DecisionCriterion]) -> list[dict[str, Any]]:
        return [
            {
                "criterion": row.criterion,
                "other_label": row.other_label,
                "weight": row.weight,
                "our_score": row.our_score,
                "competitor_score": row.competitor_score,
                "best_competitor": row.best_competitor_id,
                "note": row.note,
            }
            for row in rows
        ]


def criterion_formset(data: Any = None, *, rows: list[DecisionCriterion]) -> BaseCriterionFormSet:
    extra = max(CRITERIA_ROWS - len(rows), 2)
    formset_class = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet, extra=extra)
    formset = formset_class(
        data, initial=BaseCriterionFormSet.initial_from(rows), prefix="criteria"
    )
    return cast(BaseCriterionFormSet, formset)
