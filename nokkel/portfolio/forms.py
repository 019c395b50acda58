from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokkel.accounts import selectors


class PortfolioFilterForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Revenue is the 12 whole months before this date's month."),
    )
    segment = forms.TypedChoiceField(
        label=_("Segment"), required=False, coerce=int, empty_value=None
    )
    kam = forms.TypedChoiceField(label=_("KAM"), required=False, coerce=int, empty_value=None)

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
