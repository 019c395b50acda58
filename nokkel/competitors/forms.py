"""Forms parse and check input; the services do the saving."""

from __future__ import annotations

from typing import Any

from django import forms

from nokkel.competitors.models import Competitor
from nokkel.competitors.services import COMPETITOR_FIELDS


class CompetitorForm(forms.ModelForm):
    class Meta:
        model = Competitor
        fields = COMPETITOR_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self) -> None:
        # The service's full_clean checks the name; this keeps the form from asking twice.
        return None

    def field_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in COMPETITOR_FIELDS}
