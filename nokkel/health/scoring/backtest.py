"""The backtest report over replayed monthly scores. Pure: the replay is done elsewhere.

For every account lost in the replayed months (it left, or its last 3 months fell by
`loss_drop` or more on a year earlier), how many months before the loss it turned yellow
and red. "Turned" means the start of the final stretch of non-green months that ran into
the loss: an account that went yellow, recovered to green and then collapsed in a month
was not warned. For the accounts that stayed, how many were ever red (false alarms),
and among them the customers with normal seasonal dips (the last 3 months well below
their 12-month average while within 15 % of the same months a year earlier).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from nokkel.health.scoring.facts import VOLUME
from nokkel.health.scoring.results import GREEN, RED, Reason

LOSS_DROP = 0.50
DIP_BELOW_AVERAGE = 0.10  # a seasonal dip: 10 % or more below the plain 12-month average
DIP_LEVEL_YOY = 0.15  # ... while within 15 % of the same months a year earlier


@dataclass(frozen=True)
class MonthPoint:
    """One account as of the first day of one replayed month."""

    month: date
    customer: bool  # a customer as of then: scored only then
    score: int | None = None
    band: str | None = None
    yoy_change: float | None = None
    average_gap: float | None = None
    reasons: tuple[Reason, ...] = ()

    @property
    def red_by(self) -> str:
        """The component behind a red month: the override's, else the most harmful."""
        if self.band != RED or not self.reasons:
            return ""
        return self.reasons[0].component

    @property
    def seasonal_dip(self) -> bool:
        return (
            self.average_gap is not None
            and self.average_gap <= -DIP_BELOW_AVERAGE
            and self.yoy_change is not None
            and abs(self.yoy_change) <= DIP_LEVEL_YOY
        )


@dataclass(frozen=True)
class AccountHistory:
    account_id: int
    name: str
    is_key_account: bool
    points: tuple[MonthPoint, ...]  # oldest first, one per replayed month
    left_on: date | None = None  # the day it became a former customer


@dataclass(frozen=True)
class LostAccount:
    account_id: int
    name: str
    is_key_account: bool
    kind: str  # "left", "volume" or "volume_then_left"
    loss_month: date
    left_month: date | None
    first_yellow: date | None
    first_red: date | None
    months_yellow_before_loss: int | None
    months_red_before_loss: int | None
    months_red_before_leaving: int | None
    red_reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class BacktestReport:
    months: tuple[date, ...]
    accounts: int  # scored in at least one month
    lost: tuple[LostAccount, ...]
    lost_before_window: int  # already lost in the first replayed month: nothing to warn about
    stayed: int
    stayed_red: int  # false alarms
    stayed_red_ids: tuple[int, ...]
    red_months_stayed: int
    false_alarm_reasons: dict[str, int] = field(default_factory=dict)
    false_alarm_components: dict[str, int] = field(default_factory=dict)
    seasonal: int = 0  # stayed customers with a normal seasonal dip
    seasonal_red: int = 0  # ... red at some point, for whatever reason
    seasonal_red_ids: tuple[int, ...] = ()
    seasonal_red_by_volume: int = 0  # ... red in a month the volume made red

    def as_data(self) -> dict[str, Any]:
        data = asdict(self)
        data["months"] = [m.isoformat() for m in self.months]
        data["lost"] = [
            {
                **{k: v for k, v in asdict(row).items() if k != "red_reasons"},
                "red_reasons": [r.as_data() for r in row.red_reasons],
            }
            for row in self.lost
        ]
        for row in data["lost"]:
            for key in ("loss_month", "left_month", "first_yellow", "first_red"):
                row[key] = row[key].isoformat() if row[key] else None
        return data


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _loss(history: AccountHistory, loss_drop: float) -> tuple[int, str, int | None] | None:
    """(index of the loss month, kind, index of the leaving month) or None."""
    left_at = volume_at = None
    for index, point in enumerate(history.points):
        if history.left_on is not None and history.left_on <= point.month:
            left_at = index
            break
        change = point.yoy_change
        if (
            volume_at is None
            and point.customer
            and change is not None
            and change <= -loss_drop + 1e-9
        ):
            volume_at = index
    if volume_at is not None:
        return volume_at, "volume" if left_at is None else "volume_then_left", left_at
    if left_at is not None:
        return left_at, "left", left_at
    return None


def _run_up(points: Sequence[MonthPoint], loss: int) -> tuple[int | None, int | None]:
    """Indexes where the final non-green stretch before the loss began, and its first red."""
    first_yellow = first_red = None
    index = loss - 1
    while index >= 0 and points[index].customer and points[index].band not in (None, GREEN):
        first_yellow = index
        if points[index].band == RED:
            first_red = index
        index -= 1
    return first_yellow, first_red


def backtest_report(
    histories: Sequence[AccountHistory], *, loss_drop: float = LOSS_DROP
) -> BacktestReport:
    months = tuple(p.month for p in histories[0].points) if histories else ()
    lost_rows: list[LostAccount] = []
    lost_before = 0
    stayed = stayed_red = red_months = seasonal = seasonal_red = 0
    stayed_red_ids: list[int] = []
    seasonal_red_ids: list[int] = []
    alarm_reasons: Counter[str] = Counter()
    alarm_components: Counter[str] = Counter()
    seasonal_by_volume = 0
    scored = [h for h in histories if any(p.customer and p.score is not None for p in h.points)]
    for history in scored:
        points = history.points
        loss = _loss(history, loss_drop)
        if loss is None:
            stayed += 1
            reds = [p for p in points if p.customer and p.band == RED]
            dipped = any(p.customer and p.seasonal_dip for p in points)
            seasonal += dipped
            if reds:
                stayed_red += 1
                stayed_red_ids.append(history.account_id)
                red_months += len(reds)
                if reds[0].reasons:
                    alarm_reasons[reds[0].reasons[0].code] += 1
                alarm_components.update({p.red_by for p in reds if p.red_by})
                if dipped:
                    seasonal_red += 1
                    seasonal_red_ids.append(history.account_id)
                    seasonal_by_volume += any(p.red_by == VOLUME for p in reds)
            continue
        index, kind, left_index = loss
        if index == 0:
            lost_before += 1
            continue
        first_yellow, first_red = _run_up(points, index)
        loss_month = points[index].month
        left_month = points[left_index].month if left_index is not None else None
        red_before_leaving = None
        if left_index is not None:
            _, red_for_leaving = _run_up(points, left_index)
            if red_for_leaving is not None:
                red_before_leaving = left_index - red_for_leaving
        lost_rows.append(
            LostAccount(
                account_id=history.account_id,
                name=history.name,
                is_key_account=history.is_key_account,
                kind=kind,
                loss_month=loss_month,
                left_month=left_month,
                first_yellow=None if first_yellow is None else points[first_yellow].month,
                first_red=None if first_red is None else points[first_red].month,
                months_yellow_before_loss=None if first_yellow is None else index - first_yellow,
                months_red_before_loss=None if first_red is None else index - first_red,
                months_red_before_leaving=red_before_leaving,
                red_reasons=points[first_red].reasons if first_red is not None else (),
            )
        )
    return BacktestReport(
        months=months,
        accounts=len(scored),
        lost=tuple(sorted(lost_rows, key=lambda row: (row.loss_month, row.name))),
        lost_before_window=lost_before,
        stayed=stayed,
        stayed_red=stayed_red,
        stayed_red_ids=tuple(stayed_red_ids),
        red_months_stayed=red_months,
        false_alarm_reasons=dict(alarm_reasons.most_common()),
        false_alarm_components=dict(alarm_components.most_common()),
        seasonal=seasonal,
        seasonal_red=seasonal_red,
        seasonal_red_ids=tuple(seasonal_red_ids),
        seasonal_red_by_volume=seasonal_by_volume,
    )
