"""Norwegian organisation numbers (organisasjonsnummer): 9 digits, mod-11 check digit.

Pure functions; no Django.
"""

_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalize_org_number(value: str) -> str:
    """Strip the spaces, dots and dashes people type ("923 456 789", "NO923456789MVA")."""
    cleaned = value.strip().upper()
    if cleaned.startswith("NO"):
        cleaned = cleaned[2:]
    if cleaned.endswith("MVA"):
        cleaned = cleaned[:-3]
    return "".join(ch for ch in cleaned if ch not in " .-\u00a0")


def org_number_check_digit(first_eight: str) -> int | None:
    """The check digit for eight digits, or None when no valid number can end them."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, _WEIGHTS, strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def org_number_problem(value: str) -> str | None:
    """Why a normalized value is not a valid organisation number, or None when it is.

    The reason is a short English code the caller turns into a translated message.
    """
    if not value.isdigit():
        return "not_digits"
    if len(value) != 9:
        return "length"
    if org_number_check_digit(value[:8]) != int(value[8]):
        return "check_digit"
    return None


def is_valid_org_number(value: str) -> bool:
    return org_number_problem(normalize_org_number(value)) is None
