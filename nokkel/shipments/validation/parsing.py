"""A shipment row's rules as DuckDB SQL: how raw text becomes values, and what is wrong.

The expressions here read a relation whose columns are `raw_<column>` (the file's text,
one per canonical column, NULL when the file lacks it) and are shared by the import's
fast pass (scan.py), its detailed pass (detail.py) and the benchmark's baseline, so
every reader parses a value the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext_lazy

from nokkel.shipments.reading import COLUMN_NAMES, Source, sql_identifier, sql_literal

ZONE_MAX_LENGTH = 50  # ShipmentMonth.zone

SERVICE_ALIASES = {
    "overnight": "overnight",
    "natt": "overnight",
    "express": "express",
    "ekspress": "express",
    "weekend": "weekend",
    "helg": "weekend",
    "pickup_point": "pickup_point",
    "hentested": "pickup_point",
    "return": "return",
    "retur": "return",
}

# A problem is "<column>:<code>"; the column is canonical, shown as the file's header.
REASONS = {
    "row:too_many_fields": gettext_lazy(
        "The row has more fields than the header; a value holding the separator needs quotes."
    ),
    "customer_number:missing": gettext_lazy(
        "Neither a customer number nor an organisation number is given."
    ),
    "shipped_on:missing": gettext_lazy("The date is missing."),
    "shipped_on:invalid": gettext_lazy("Not a date; write dates as dd.mm.yyyy or yyyy-mm-dd."),
    "service:missing": gettext_lazy("The service is missing."),
    "service:unknown": gettext_lazy(
        "Unknown service; use overnight, express, weekend, pickup_point or return "
        "(natt, ekspress, helg, hentested, retur)."
    ),
    "zone:too_long": gettext_lazy("The zone is longer than 50 characters."),
    "weight_kg:missing": gettext_lazy("The weight is missing."),
    "weight_kg:not_a_number": gettext_lazy("The weight is not a number."),
    "weight_kg:negative": gettext_lazy("The weight must not be negative."),
    "price_nok:missing": gettext_lazy("The price is missing."),
    "price_nok:not_a_number": gettext_lazy("The price is not a number."),
    "price_nok:negative": gettext_lazy("The price must not be negative."),
    "cost_nok:not_a_number": gettext_lazy("The cost is not a number."),
    "cost_nok:negative": gettext_lazy("The cost must not be negative."),
}

PARSED_COLUMNS = (
    "customer_number",
    "org_number",
    "shipped_on",
    "service",
    "zone",
    "weight_kg",
    "price_nok",
    "cost_nok",
)
# Spaces, no-break spaces and narrow no-break spaces group thousands in Norwegian.
_THOUSANDS_SEPARATORS = " \u00a0\u202f"


def raw(name: str) -> str:
    return f"raw_{name}"


def given(name: str) -> str:
    """The raw value is there (not empty, not only spaces)."""
    return f"coalesce(trim({raw(name)}), '') <> ''"


def raw_columns(source: Source) -> str:
    """The SELECT list giving a file's columns their `raw_` names; overflow fields joined."""
    columns = ", ".join(
        f"{sql_identifier(source.columns[name]) if name in source.columns else 'NULL::VARCHAR'}"
        f" AS {raw(name)}"
        for name in COLUMN_NAMES
    )
    overflow = ", ".join(sql_identifier(column) for column in source.overflow)
    overflow = f"coalesce({overflow})" if overflow else "NULL::VARCHAR"
    return f"{columns}, {overflow} AS {raw('overflow')}"


def number(name: str, decimal: str) -> str:
    # trim() drops any kind of space at the ends; translate() drops the thousands
    # separators inside and, for a decimal comma, reads "," as ".". A decimal point is
    # still read as one with a decimal comma, so "1.234,50" fails loudly, not silently.
    if decimal == ",":
        text = f"translate(trim({raw(name)}), {sql_literal(',' + _THOUSANDS_SEPARATORS)}, '.')"
    else:
        text = f"translate(trim({raw(name)}), {sql_literal(_THOUSANDS_SEPARATORS)}, '')"
    return f"TRY_CAST(NULLIF({text}, '') AS DECIMAL(18, 4))"


def service() -> str:
    key = f"translate(lower(trim({raw('service')})), ' -', '__')"
    cases = " ".join(
        f"WHEN {sql_literal(k)} THEN {sql_literal(v)}" for k, v in SERVICE_ALIASES.items()
    )
    return f"CASE {key} {cases} END"


def org_number() -> str:
    # As core.orgnr.normalize_org_number: "NO 923 456 789 MVA" -> "923456789".
    stripped = f"regexp_replace(upper(trim({raw('org_number')})), '[ .\\-]', '', 'g')"
    stripped = f"replace({stripped}, chr(160), '')"
    return f"NULLIF(regexp_replace({stripped}, '^NO|MVA$', '', 'g'), '')"


def shipped_on(date_formats: Sequence[str]) -> str:
    formats = "[" + ", ".join(sql_literal(f) for f in date_formats) + "]"
    return f"CAST(try_strptime(trim({raw('shipped_on')}), {formats}) AS DATE)"


def parsed_columns(*, decimal: str, date_formats: Sequence[str]) -> str:
    """The SELECT list of the parsed values, named as in PARSED_COLUMNS."""
    return f"""
        NULLIF(trim({raw("customer_number")}), '') AS customer_number,
        {org_number()} AS org_number,
        {shipped_on(date_formats)} AS shipped_on,
        {service()} AS service,
        coalesce(trim({raw("zone")}), '') AS zone,
        {number("weight_kg", decimal)} AS weight_kg,
        {number("price_nok", decimal)} AS price_nok,
        {number("cost_nok", decimal)} AS cost_nok"""


def blank(source: Source) -> str:
    """The row holds nothing: Excel exports rows of empty cells (";;;;") below the data."""
    mapped: Iterable[str] = (*(name for name in COLUMN_NAMES if name in source.columns), "overflow")
    return " AND ".join(f"NOT {given(name)}" for name in mapped)


def _checks() -> list[tuple[str, str]]:
    """(condition, problem) in the order a row's first problem is found."""
    checks = [
        (given("overflow"), "row:too_many_fields"),
        ("customer_number IS NULL AND org_number IS NULL", "customer_number:missing"),
        (f"NOT {given('shipped_on')}", "shipped_on:missing"),
        ("shipped_on IS NULL", "shipped_on:invalid"),
        (f"NOT {given('service')}", "service:missing"),
        ("service IS NULL", "service:unknown"),
        (f"length(zone) > {ZONE_MAX_LENGTH}", "zone:too_long"),
    ]
    for name in ("weight_kg", "price_nok"):
        checks += [
            (f"NOT {given(name)}", f"{name}:missing"),
            (f"{name} IS NULL", f"{name}:not_a_number"),
            (f"{name} < 0", f"{name}:negative"),
        ]
    checks += [
        (f"{given('cost_nok')} AND cost_nok IS NULL", "cost_nok:not_a_number"),
        ("cost_nok < 0", "cost_nok:negative"),
    ]
    return checks


def problem(is_blank: str) -> str:
    """The row's first problem code; NULL for a valid or a blank row."""
    whens = " ".join(f"WHEN {condition} THEN {sql_literal(code)}" for condition, code in _checks())
    return f"CASE WHEN {is_blank} THEN NULL {whens} END"


# The same rule as "not blank and no problem", written for speed: a parsed value that
# is there implies its raw text was given (and so that the row is not blank), so the
# "missing" checks fold into the "IS NOT NULL" ones. Only a missing cost and overflow
# fields need the raw text. tests/shipments/test_rules_sql.py holds the two together.
VALID = f"""(
    (customer_number IS NOT NULL OR org_number IS NOT NULL)
    AND shipped_on IS NOT NULL
    AND service IS NOT NULL
    AND length(zone) <= {ZONE_MAX_LENGTH}
    AND weight_kg >= 0
    AND price_nok >= 0
    AND (cost_nok >= 0 OR (cost_nok IS NULL AND NOT {given("cost_nok")}))
    AND NOT {given("overflow")}
)"""
