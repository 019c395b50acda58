from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.models import Account
from nokkel.mailcapture.parsing import looks_like_mail
from nokkel.mailcapture.selectors import triage_account_choices
from nokkel.users.models import User

EML_MAX_BYTES = 10 * 1024 * 1024
EML_SUFFIX = ".eml"


class EmlUploadForm(forms.Form):
    file = forms.FileField(
        label=_("E-mail file (.eml)"),
        help_text=_("Save the mail from your mail program as a file; at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": f"{EML_SUFFIX},message/rfc822"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != EML_SUFFIX:
            raise forms.ValidationError(
                _("“%(name)s” is not an e-mail file: save the mail as .eml."),
                params={"name": upload.name},
                code="file_type",
            )
        if upload.size > EML_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(EML_MAX_BYTES),
                },
                code="file_size",
            )
        raw = upload.read()
        if not looks_like_mail(raw):
            raise forms.ValidationError(
                _("“%(name)s” does not contain an e-mail."),
                params={"name": upload.name},
                code="file_type",
            )
        return raw


class TriageAssignForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = triage_account_choices(user=user)
