from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ACCEPTED_SUFFIXES = (".csv", ".txt", ".parquet", ".xlsx")


class ShipmentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Shipment file"),
        help_text=_("CSV (also as exported by Norwegian Excel), Parquet or Excel (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and give me the invalid ones as a file"),
        required=False,
        help_text=_("Without this, a file with any invalid row is rejected whole."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file; store nothing"), required=False)
    check_repeated_ids = forms.BooleanField(
        label=_("Also count the rows that repeat a shipment id"),
        required=False,
        help_text=_("Takes longer on large files."),
    )
    encoding = forms.ChoiceField(
        label=_("Character set"),
        required=False,
        choices=[("", _("Detect")), ("utf-8", "UTF-8"), ("cp1252", "Windows-1252")],
    )
    delimiter = forms.ChoiceField(
        label=_("Separator"),
        required=False,
        choices=[("", _("Detect")), (";", ";"), (",", ","), ("\t", _("Tab"))],
    )
    decimal = forms.ChoiceField(
        label=_("Decimal mark"),
        required=False,
        choices=[("", _("Detect")), (",", ","), (".", ".")],
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                _("“%(name)s” is not a shipment file: use CSV, Parquet or Excel (.xlsx)."),
                params={"name": upload.name},
                code="file_type",
            )
        return upload

    def import_options(self) -> dict[str, Any]:
        data = self.cleaned_data
        options: dict[str, Any] = {
            "skip_invalid": bool(data.get("skip_invalid")),
            "dry_run": bool(data.get("dry_run")),
            "check_repeated_ids": bool(data.get("check_repeated_ids")),
            # The report is written in the uploader's language.
            "language": get_language() or settings.LANGUAGE_CODE,
        }
        for key in ("encoding", "delimiter", "decimal"):
            if data.get(key):
                options[key] = data[key]
        return options
