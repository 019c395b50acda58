from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class ServiceModelForm(forms.ModelForm):
    """A model form that parses and checks each field; uniqueness and constraints are
    the services' to check (they name the clash), so the form does not ask twice."""

    def validate_unique(self) -> None:
        return None

    def validate_constraints(self) -> None:
        return None

    def field_data(self) -> dict[str, Any]:
        """The cleaned values of the form's model fields, as the services take them."""
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields or ()
            if name in self.cleaned_data
        }


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
