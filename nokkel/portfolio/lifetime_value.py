"""Customer lifetime value. Pure.

CLV = m · r / (1 + d − r), with m the average monthly contribution margin, r the monthly
retention and d the monthly discount rate derived from a yearly rate:
d = (1 + yearly)^(1/12) − 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class LifetimeValue:
    monthly_margin: Decimal
    retention: Decimal
    monthly_discount_rate: Decimal
    value: Decimal


def monthly_discount_rate(yearly_rate: Decimal) -> Decimal:
    return Decimal(str((1 + float(yearly_rate)) ** (1 / 12) - 1))


def lifetime_value(
    *, monthly_margin: Decimal, retention: Decimal, yearly_discount_rate: Decimal
) -> LifetimeValue:
    if not Decimal(0) <= retention < Decimal(1):
        raise ValueError("retention must be at least 0 and below 1")
    d = monthly_discount_rate(yearly_discount_rate)
    value = monthly_margin * retention / (1 + d - retention)
    return LifetimeValue(
        monthly_margin=monthly_margin,
        retention=retention,
        monthly_discount_rate=d,
        value=value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
    )
