from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.models import Account, Contact
from nokkel.surveys.answers import COMMENT_MAX, AnswerSet, areas_of, importance_error
from nokkel.surveys.models import (
    IMPORTANCE_TOTAL,
    SCALE_MAX,
    SCALE_MIN,
    Statement,
    SurveyArea,
    SurveyLanguage,
    SurveyRecipient,
    SurveyResponse,
    TeamEstimate,
)

DEFAULT_OPEN_DAYS = 30


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    accounts = forms.ModelMultipleChoiceField(
        label=_("Accounts"),
        queryset=Account.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    all_key_accounts = forms.BooleanField(label=_("All key accounts I can open"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the survey"),
        choices=SurveyLanguage.choices,
        initial=SurveyLanguage.NB,
        help_text=_("Each contact's language can be changed before sending."),
    )
    reminder_after_days = forms.IntegerField(
        label=_("Remind after (days)"), min_value=1, max_value=60, initial=7
    )
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )

    def __init__(self, *args: Any, accounts: QuerySet[Account], today: date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.visible_accounts = accounts
        self.fields["accounts"].queryset = accounts
        self.fields["closes_on"].initial = today + timedelta(days=DEFAULT_OPEN_DAYS)
        self.today = today

    def clean_closes_on(self) -> date:
        closes_on: date = self.cleaned_data["closes_on"]
        if closes_on < self.today:
            raise forms.ValidationError(_("Choose a day from today on."))
        return closes_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("accounts") and not cleaned.get("all_key_accounts"):
            self.add_error("accounts", _("Choose at least one account, or all key accounts."))
        return cleaned

    def chosen_accounts(self) -> list[Account]:
        chosen = {a.pk: a for a in self.cleaned_data.get("accounts") or []}
        if self.cleaned_data.get("all_key_accounts"):
            chosen.update({a.pk: a for a in self.visible_accounts.filter(is_key_account=True)})
        return sorted(chosen.values(), key=lambda a: (a.name, a.pk))


@dataclass(frozen=True)
class RecipientRow:
    contact: Contact
    chosen: forms.BoundField
    language: forms.BoundField


class RecipientsForm(forms.Form):
    """A checkbox and a language per contact with an e-mail address at the accounts."""

    def __init__(
        self,
        *args: Any,
        contacts: Sequence[Contact],
        recipients: Sequence[SurveyRecipient],
        default_language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.contacts = list(contacts)
        chosen = {r.contact_id: r for r in recipients}
        for contact in self.contacts:
            recipient = chosen.get(contact.pk)
            self.fields[f"contact_{contact.pk}"] = forms.BooleanField(
                label=contact.name, required=False, initial=recipient is not None
            )
            self.fields[f"language_{contact.pk}"] = forms.ChoiceField(
                label=_("Language for %(name)s") % {"name": contact.name},
                choices=SurveyLanguage.choices,
                initial=recipient.language if recipient else default_language,
            )

    def rows(self) -> list[RecipientRow]:
        return [
            RecipientRow(c, self[f"contact_{c.pk}"], self[f"language_{c.pk}"])
            for c in self.contacts
        ]

    def chosen(self) -> tuple[list[Contact], dict[int, str]]:
        contacts = [c for c in self.contacts if self.cleaned_data.get(f"contact_{c.pk}")]
        return contacts, {c.pk: self.cleaned_data[f"language_{c.pk}"] for c in contacts}


@dataclass(frozen=True)
class StatementRow:
    text: str
    expectation: forms.BoundField
    perception: forms.BoundField | None


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    statements: list[StatementRow]
    importance: forms.BoundField


def _scale(low: int, high: int, message: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(low, high + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class QuestionnaireForm(forms.Form):
    """The statements with a 1–7 expectation (and, from the customer, perception) each,
    the split of 100 points, and from the customer NPS, CSAT and a comment."""

    def __init__(
        self,
        *args: Any,
        statements: Sequence[Statement],
        language: str,
        customer: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.statements, self.language, self.customer = list(statements), language, customer
        self.areas = areas_of(self.statements)
        self.importance_error: str | None = None
        scale_message = _("Choose a number from %(low)d to %(high)d.") % {
            "low": SCALE_MIN,
            "high": SCALE_MAX,
        }
        for statement in self.statements:
            self.fields[f"e_{statement.pk}"] = _scale(SCALE_MIN, SCALE_MAX, scale_message)
            if customer:
                self.fields[f"p_{statement.pk}"] = _scale(SCALE_MIN, SCALE_MAX, scale_message)
        for area in self.areas:
            self.fields[f"imp_{area}"] = forms.IntegerField(
                label=SurveyArea(area).label,
                min_value=0,
                max_value=IMPORTANCE_TOTAL,
                required=False,
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "data-importance-input": "", "step": 1}
                ),
            )
        if customer:
            self.fields["nps"] = _scale(0, 10, _("Choose a number from 0 to 10."))
            self.fields["csat"] = _scale(1, 5, _("Choose a number from 1 to 5."))
            self.fields["comment"] = forms.CharField(
                label=_("Anything else you would like to tell us?"),
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        importance = {area: cleaned.get(f"imp_{area}") or 0 for area in self.areas}
        if all(f"imp_{area}" not in self.errors for area in self.areas):
            self.importance_error = importance_error(importance, self.areas)
            if self.importance_error:
                self.add_error(None, self.importance_error)
        return cleaned

    def importance_total(self) -> int | None:
        total = 0
        for area in self.areas:
            value = self[f"imp_{area}"].value()
            try:
                total += int(value or 0)
            except (TypeError, ValueError):
                return None
        return total

    def sections(self) -> list[Section]:
        by_area: dict[str, list[StatementRow]] = {area: [] for area in self.areas}
        for s in self.statements:
            by_area[s.area].append(
                StatementRow(
                    text=s.text(self.language),
                    expectation=self[f"e_{s.pk}"],
                    perception=self[f"p_{s.pk}"] if self.customer else None,
                )
            )
        return [
            Section(area, str(SurveyArea(area).label), rows, self[f"imp_{area}"])
            for area, rows in by_area.items()
        ]

    def answer_set(self) -> AnswerSet:
        data = self.cleaned_data
        return AnswerSet(
            expectation={s.pk: data[f"e_{s.pk}"] for s in self.statements},
            perception=(
                {s.pk: data[f"p_{s.pk}"] for s in self.statements} if self.customer else {}
            ),
            importance={area: data.get(f"imp_{area}") or 0 for area in self.areas},
            nps=data.get("nps"),
            csat=data.get("csat"),
            comment=data.get("comment", ""),
        )

    @staticmethod
    def initial_from(answer: SurveyResponse | TeamEstimate | None) -> dict[str, Any]:
        """The earlier answer, to change it."""
        if answer is None:
            return {}
        initial: dict[str, Any] = {f"imp_{a}": p for a, p in answer.importance.items()}
        if isinstance(answer, SurveyResponse):
            for item in answer.answers.all():
                initial[f"e_{item.statement_id}"] = item.expectation
                initial[f"p_{item.statement_id}"] = item.perception
            initial.update(nps=answer.nps, csat=answer.csat, comment=answer.comment)
        else:
            for estimate_item in answer.answers.all():
                initial[f"e_{estimate_item.statement_id}"] = estimate_item.expectation
        return initial
