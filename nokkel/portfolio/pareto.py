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
from decimal import Decimal
from math import sqrt
from operator import itemgetter
from typing import Generic, NamedTuple, TypeVar

A_LIMIT = Decimal("0.80")
B_LIMIT = Decimal("0.95")
X_LIMIT = 0.5
Y_LIMIT = 1.0


# Revenue in an exact number type: Decimal kroner, or whole øre as int.
Money = TypeVar("Money", Decimal, int)


class AbcRow(NamedTuple, Generic[Money]):
    account_id: int
    revenue: Money
    # revenue / total: a Decimal for Decimal revenue, a float for øre.
    share: Decimal | float
    cumulative_share: Decimal | float
    abc_class: str  # "A", "B", "C" or "" (no revenue)


def abc_classify(
    revenues: Iterable[tuple[int, Money]],
    *,
    a_limit: Decimal = A_LIMIT,
    b_limit: Decimal = B_LIMIT,
) -> list[AbcRow[Money]]:
    """Classify (account_id, revenue) pairs; rows come back in ranking order.

    Run over 50,000 accounts after every import, so it compares sums, not quotients:
    an account starts below the 80 % mark when the revenue ranked before it is below
    0.80 × the total, exactly (a Decimal limit times a Decimal or int sum is exact).
    Whole øre as ints classify the same and several times faster than Decimals.
    """
    # By id, then (stable) by revenue descending: ties stay in id order.
    ranked = sorted(revenues, key=itemgetter(0))
    ranked.sort(key=itemgetter(1), reverse=True)
    total = sum(revenue for _, revenue in ranked if revenue > 0)
    if not total:
        return [AbcRow(account_id, revenue, 0.0, 0.0, "") for account_id, revenue in ranked]
    a_mark, b_mark = a_limit * total, b_limit * total
    rows: list[AbcRow[Money]] = []
    cumulative = 0 * total
    for account_id, revenue in ranked:
        if revenue <= 0:
            rows.append(AbcRow(account_id, revenue, 0 * total, cumulative / total, ""))
            continue
        # The class is decided by where the account starts: the one that crosses a
        # limit still belongs to the class below the limit.
        klass = "A" if cumulative < a_mark else "B" if cumulative < b_mark else "C"
        cumulative += revenue
        rows.append(AbcRow(account_id, revenue, revenue / total, cumulative / total, klass))
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


def variation_of_sums(total: int, sum_of_squares: int, months: int) -> float | None:
    """The same population CV from a series' sum S and sum of squares Q over n months.

    sd / mean = sqrt(n·Q − S²) / S: for whole parcels n·Q − S² is computed exactly in
    integers, so the database can sum a whole portfolio's series without handing each
    month to Python. None when the account shipped nothing.
    """
    if months <= 0 or total <= 0:
        return None
    return sqrt(max(months * sum_of_squares - total * total, 0)) / total


def xyz_class(monthly_parcels: Sequence[float]) -> str:
    """The XYZ class of a series, by definition; the classification reads sums from the
    database and uses variation_of_sums, table-tested to agree with this."""
    return xyz_class_of_variation(coefficient_of_variation(monthly_parcels))


def xyz_class_of_variation(cv: float | None) -> str:
    if cv is None:
        return ""
    if cv < X_LIMIT:
        return "X"
    if cv < Y_LIMIT:
        return "Y"
    return "Z"
