"""Reads for the portfolio figures: ABC/XYZ as of a date, revenue series, lifetime value."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Expression, F, Sum
from django.db.models.functions import Round

from nokkel.accounts.models import Account
from nokkel.portfolio.lifetime_value import LifetimeValue, lifetime_value
from nokkel.portfolio.models import AccountClassification
from nokkel.portfolio.pareto import abc_classify, variation_of_sums, xyz_class_of_variation
from nokkel.portfolio.windows import add_months, month_start, trailing_months
from nokkel.shipments.models import AccountMonth, Service, ShipmentMonth
from nokkel.users.models import User


class Classified(NamedTuple):
    account_id: int
    revenue_12m: Decimal
    share: float
    cumulative_share: float
    abc_class: str
    xyz_class: str
    variation: float | None  # the coefficient of variation of monthly parcels


def portfolio_classes(*, as_of: date) -> list[Classified]:
    """Every account's ABC and XYZ class as of a date, in ranking order.

    One computation for the stored classes (services.portfolio_classify) and the table
    shown for any date (abc_table). Shares are over the whole portfolio; accounts
    without revenue in the window get no ABC class, those without parcels no XYZ class.
    """
    sums = _window_sums(as_of)
    months = len(trailing_months(as_of))
    nothing = _WindowSums(0, 0, 0)
    classified = []
    for account_id, revenue_ore, share, cumulative_share, abc_class in abc_classify(
        (pk, sums.get(pk, nothing).revenue_ore) for pk in _account_ids()
    ):
        window = sums.get(account_id, nothing)
        variation = variation_of_sums(window.parcels, window.parcels_squared, months)
        classified.append(
            Classified(
                account_id,
                Decimal(revenue_ore).scaleb(-2),  # øre to kroner, exactly
                float(share),
                float(cumulative_share),
                abc_class,
                xyz_class_of_variation(variation),
                variation,
            )
        )
    return classified


def _account_ids() -> list[int]:
    """Every account's id, read without the ORM's per-row work (50,000 of them)."""
    sql, params = Account.objects.values_list("pk").order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


class _WindowSums(NamedTuple):
    revenue_ore: int
    parcels: int
    parcels_squared: int  # the sum of each month's parcels squared


def _window_sums(as_of: date) -> dict[int, _WindowSums]:
    """Revenue in whole øre, parcels and the sum of squared monthly parcels per account
    over the 12 whole months before as_of: all the classes need, one row per account.

    Summed by the database from the monthly totals (AccountMonth), read from their
    covering index in account order. The øre are exact on every database: PostgreSQL
    sums decimals exactly, SQLite keeps them as binary floating point, so there each
    month is rounded to øre before it is added.
    """
    months = trailing_months(as_of)
    revenue_ore: Expression
    if connection.vendor == "postgresql":
        revenue_ore = Sum("revenue") * 100
    else:
        revenue_ore = Sum(Round(F("revenue") * 100))
    sums = (
        AccountMonth.objects.filter(month__gte=months[0], month__lte=months[-1])
        .values("account_id")
        .annotate(
            revenue_ore=revenue_ore,
            total=Sum("parcels"),
            squares=Sum(F("parcels") * F("parcels")),
        )
        .order_by()
        .values_list("account_id", "revenue_ore", "total", "squares")
    )
    # Read without the ORM's per-value converters: whole numbers (int, float or
    # Decimal as the database returns a sum) either way.
    sql, params = sums.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            account_id: _WindowSums(int(ore), int(total), int(squares))
            for account_id, ore, total, squares in cursor.fetchall()
        }


@dataclass(frozen=True)
class PortfolioRow:
    account: Account
    revenue_12m: Decimal
    share: float
    cumulative_share: float
    abc_class: str
    xyz_class: str


def abc_table(
    *,
    user: User,
    as_of: date,
    segment_id: int | None = None,
    kam_id: int | None = None,
) -> list[PortfolioRow]:
    """ABC/XYZ rows as of a date for the accounts the user may see, in ranking order.

    Shares and classes are computed over the whole portfolio, so an account has the
    same class whoever looks; the filters only choose which rows are shown.
    """
    visible = Account.objects.visible_to(user).select_related("kam", "segment")
    if segment_id:
        visible = visible.filter(segment_id=segment_id)
    if kam_id:
        visible = visible.filter(kam_id=kam_id)
    accounts = {account.pk: account for account in visible}
    return [
        PortfolioRow(
            account=accounts[row.account_id],
            revenue_12m=row.revenue_12m,
            share=row.share,
            cumulative_share=row.cumulative_share,
            abc_class=row.abc_class,
            xyz_class=row.xyz_class,
        )
        for row in portfolio_classes(as_of=as_of)
        if row.account_id in accounts
    ]


@dataclass
class MonthFigures:
    month: date
    parcels: int = 0
    revenue: Decimal = Decimal(0)
    cost: Decimal | None = None

    @property
    def margin(self) -> Decimal | None:
        return None if self.cost is None else self.revenue - self.cost

    def add(self, parcels: int, revenue: Decimal, cost: Decimal | None) -> None:
        self.parcels += parcels
        self.revenue += revenue
        if cost is not None:
            self.cost = (self.cost or Decimal(0)) + cost


@dataclass
class ServiceMargin:
    service: str
    label: str
    parcels: int
    revenue: Decimal
    margin: Decimal | None

    @property
    def margin_share(self) -> float | None:
        if self.margin is None or not self.revenue:
            return None
        return float(self.margin / self.revenue)


@dataclass
class RevenueSeries:
    as_of: date
    months: list[MonthFigures]  # the 24 whole months before as_of, oldest first
    year_earlier: list[MonthFigures]  # the same months a year earlier
    by_service: dict[str, list[MonthFigures]] = field(default_factory=dict)
    service_margins: list[ServiceMargin] = field(default_factory=list)

    def _total(self, months: list[MonthFigures]) -> tuple[int, Decimal]:
        return sum(m.parcels for m in months), sum((m.revenue for m in months), Decimal(0))

    @property
    def last_12(self) -> tuple[int, Decimal]:
        return self._total(self.months[-12:])

    @property
    def previous_12(self) -> tuple[int, Decimal]:
        return self._total(self.months[:12])

    @property
    def revenue_change(self) -> float | None:
        """Year-over-year change in revenue, last 12 months against the 12 before."""
        previous = self.previous_12[1]
        return float((self.last_12[1] - previous) / previous) if previous else None

    @property
    def parcels_change(self) -> float | None:
        previous = self.previous_12[0]
        return (self.last_12[0] - previous) / previous if previous else None

    @property
    def has_data(self) -> bool:
        return any(m.parcels or m.revenue for m in self.months + self.year_earlier)


SERIES_MONTHS = 24


def account_revenue_series(*, account: Account, as_of: date) -> RevenueSeries:
    """Monthly parcels, revenue and margin for 24 months, with the year before beside them.

    The caller has already looked the account up through visible_to. One query.
    """
    first_shown = add_months(month_start(as_of), -SERIES_MONTHS)
    first_needed = add_months(first_shown, -12)
    last = add_months(month_start(as_of), -1)
    rows = (
        ShipmentMonth.objects.filter(account=account, month__gte=first_needed, month__lte=last)
        .values("month", "service")
        .annotate(p=Sum("parcels"), r=Sum("revenue"), c=Sum("cost"))
        .order_by()
    )
    total: dict[date, MonthFigures] = {}
    per_service: dict[str, dict[date, MonthFigures]] = defaultdict(dict)
    for row in rows:
        month = row["month"]
        total.setdefault(month, MonthFigures(month)).add(
            row["p"] or 0, row["r"] or Decimal(0), row["c"]
        )
        per_service[row["service"]].setdefault(month, MonthFigures(month)).add(
            row["p"] or 0, row["r"] or Decimal(0), row["c"]
        )
    shown = [add_months(first_shown, i) for i in range(SERIES_MONTHS)]
    series = RevenueSeries(
        as_of=as_of,
        months=[total.get(m, MonthFigures(m)) for m in shown],
        year_earlier=[
            total.get(add_months(m, -12), MonthFigures(add_months(m, -12))) for m in shown
        ],
    )
    labels = dict(Service.choices)
    last_12 = set(shown[-12:])
    for service in Service.values:
        if service not in per_service:
            continue
        months = per_service[service]
        series.by_service[service] = [months.get(m, MonthFigures(m)) for m in shown]
        window = [months[m] for m in last_12 if m in months]
        costs = [m.cost for m in window if m.cost is not None]
        revenue = sum((m.revenue for m in window), Decimal(0))
        series.service_margins.append(
            ServiceMargin(
                service=service,
                label=str(labels[service]),
                parcels=sum(m.parcels for m in window),
                revenue=revenue,
                margin=revenue - sum(costs, Decimal(0)) if costs else None,
            )
        )
    return series


def clv_settings() -> tuple[Decimal, Decimal]:
    retention = Decimal(str(getattr(settings, "NOKKEL_CLV_MONTHLY_RETENTION", "0.98")))
    yearly = Decimal(str(getattr(settings, "NOKKEL_CLV_YEARLY_DISCOUNT_RATE", "0.10")))
    return retention, yearly


def account_lifetime_value(*, account: Account, as_of: date) -> LifetimeValue | None:
    """CLV from the average monthly contribution margin over the 12-month window.

    None when no cost is known in the window (the margin would be a guess).
    """
    months = trailing_months(as_of)
    figures = ShipmentMonth.objects.filter(
        account=account, month__gte=months[0], month__lte=months[-1], cost__isnull=False
    ).aggregate(r=Sum("revenue"), c=Sum("cost"))
    if figures["r"] is None:
        return None
    monthly_margin = (figures["r"] - figures["c"]) / Decimal(len(months))
    retention, yearly = clv_settings()
    return lifetime_value(
        monthly_margin=monthly_margin.quantize(Decimal("0.01")),
        retention=retention,
        yearly_discount_rate=yearly,
    )


def account_classification(*, account: Account) -> AccountClassification | None:
    """The account's stored ABC/XYZ class (with the as-of date it was computed for)."""
    return AccountClassification.objects.filter(account=account).first()
