"""Field validators shared by models and forms; messages name the problem."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nokkel.core.orgnr import normalize_org_number, org_number_problem

_ORG_MESSAGES = {
    "not_digits": _("An organisation number has only digits; “%(value)s” has other characters."),
    "length": _("An organisation number has 9 digits; “%(value)s” has %(length)s."),
    "check_digit": _(
        "“%(value)s” is not a valid organisation number: the check digit does not match."
    ),
}


def validate_org_number(value: str) -> None:
    normalized = normalize_org_number(value)
    problem = org_number_problem(normalized)
    if problem:
        raise ValidationError(
            _ORG_MESSAGES[problem],
            code=f"org_number_{problem}",
            params={"value": value, "length": len(normalized)},
        )


_PHONE_RE = re.compile(r"^\+?\d{8,15}$")


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s\-().]", "", value.strip())


def validate_phone(value: str) -> None:
    if value and not _PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("“%(value)s” is not a phone number: use 8–15 digits, optionally with a leading +."),
            code="phone",
            params={"value": value},
        )


def validate_postal_code(value: str) -> None:
    if value and not re.fullmatch(r"\d{4}", value):
        raise ValidationError(
            _("A Norwegian postal code has 4 digits; “%(value)s” does not."),
            code="postal_code",
            params={"value": value},
        )
