"""ABC (Pareto) and XYZ (volatility) classification. Pure functions over plain data.

ABC: accounts sorted by window revenue, descending, ties by account id. A = the top
accounts up to and including the one whose cumulative share first reaches 80 %;
B = the following ones up to and including the one reaching 95 %; C = the rest with
revenue > 0; no class when revenue <= 0.

XYZ: coefficient of variation of monthly parcels over the window (population standard
deviation / mean, months without parcels count as 0): X < 0.5 <= Y < 1.0 <= Z; no class
when the account shipped nothing in the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from math import sqrt

A_LIMIT = Decimal("0.80")
B_LIMIT = Decimal("0.95")
X_LIMIT = 0.5
Y_LIMIT = 1.0


@dataclass(frozen=True)
class AbcRow:
    account_id: int
    revenue: Decimal
    share: Decimal
    cumulative_share: Decimal
    abc_class: str  # "A", "B", "C" or "" (no revenue)


def abc_classify(
    revenues: Iterable[tuple[int, Decimal]],
    *,
    a_limit: Decimal = A_LIMIT,
    b_limit: Decimal = B_LIMIT,
) -> list[AbcRow]:
    """Classify (account_id, revenue) pairs; rows come back in ranking order."""
    ranked = sorted(revenues, key=lambda pair: (-pair[1], pair[0]))
    total = sum((revenue for _, revenue in ranked if revenue > 0), Decimal(0))
    rows: list[AbcRow] = []
    cumulative = Decimal(0)
    previous_cumulative = Decimal(0)
    for account_id, revenue in ranked:
        if revenue <= 0 or total == 0:
            rows.append(
                AbcRow(
                    account_id, revenue, Decimal(0), cumulative / total if total else Decimal(0), ""
                )
            )
            continue
        share = revenue / total
        cumulative += revenue
        cumulative_share = cumulative / total
        # The class is decided by where the account starts: the one that crosses a
        # limit still belongs to the class below the limit.
        if previous_cumulative < a_limit:
            klass = "A"
        elif previous_cumulative < b_limit:
            klass = "B"
        else:
            klass = "C"
        previous_cumulative = cumulative_share
        rows.append(AbcRow(account_id, revenue, share, cumulative_share, klass))
    return rows


def coefficient_of_variation(monthly: Sequence[float]) -> float | None:
    """Population CV of the series; None when the mean is zero."""
    if not monthly:
        return None
    mean = sum(monthly) / len(monthly)
    if mean <= 0:
        return None
    variance = sum((x - mean) ** 2 for x in monthly) / len(monthly)
    return sqrt(variance) / mean


def xyz_class(monthly_parcels: Sequence[float]) -> str:
    cv = coefficient_of_variation(monthly_parcels)
    if cv is None:
        return ""
    if cv < X_LIMIT:
        return "X"
    if cv < Y_LIMIT:
        return "Y"
    return "Z"
