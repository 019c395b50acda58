from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AcknowledgeForm(forms.Form):
    as_of = forms.DateField(widget=forms.HiddenInput)
    action = forms.CharField(
        label=_("What are you doing about it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The warnings as they stood at the end of this day."),
    )
