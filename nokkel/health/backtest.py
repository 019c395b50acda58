"""Replaying the monthly scores over the carrier's own history, and the report as text.

Each month is scored as of its first day from the facts known then, exactly as the
snapshots are; the report itself is the pure `backtest_report`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils import timezone

from nokkel.accounts.models import Account, AccountStatus
from nokkel.health import conf
from nokkel.health.facts import Batch, account_states, health_facts
from nokkel.health.reasons import reason_text
from nokkel.health.scoring import (
    AccountHistory,
    BacktestReport,
    MonthPoint,
    backtest_report,
    health_score,
    volume_signals,
)
from nokkel.portfolio.windows import add_months
from nokkel.timeline.models import EventKind, TimelineEvent


def replay_months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def _left_on(first: date) -> dict[int, date]:
    """The day each account became a former customer, the first time on or after `first`."""
    left: dict[int, date] = {}
    events = TimelineEvent.objects.filter(kind=EventKind.STATUS_CHANGED).order_by(
        "happened_at", "id"
    )
    for account_id, happened_at, data in events.values_list("account_id", "happened_at", "data"):
        day = timezone.localdate(happened_at)
        if (data or {}).get("new") == AccountStatus.FORMER and day >= first:
            left.setdefault(account_id, day)
    return left


def health_replay(
    *, first: date, last: date, progress: Callable[[date], None] | None = None
) -> list[AccountHistory]:
    """Every account's monthly points as of each month's first day, from what was known then."""
    thresholds, weights, bands = conf.thresholds(), conf.weights(), conf.bands()
    accounts = {a.pk: a for a in Account.objects.only("pk", "name", "is_key_account")}
    batch = Batch(accounts)
    months = replay_months(first, last)
    points: dict[int, list[MonthPoint]] = {pk: [] for pk in accounts}
    key_account: dict[int, bool] = {}
    for month in months:
        if progress is not None:
            progress(month)
        states = account_states(account_ids=batch, as_of=month)
        customers = Batch(pk for pk in batch.ids if states[pk].status == AccountStatus.CUSTOMER)
        facts = health_facts(
            account_ids=customers, as_of=month, thresholds=thresholds, states=states
        )
        for pk in batch.ids:
            if pk not in facts:
                points[pk].append(MonthPoint(month=month, customer=False))
                continue
            result = health_score(facts[pk], weights, bands, month, thresholds)
            volume = facts[pk].volume
            signals = volume_signals(volume, month, thresholds) if volume is not None else None
            key_account[pk] = key_account.get(pk, False) or states[pk].is_key_account
            points[pk].append(
                MonthPoint(
                    month=month,
                    customer=True,
                    score=result.score,
                    band=result.band,
                    yoy_change=signals.yoy_change if signals else None,
                    average_gap=signals.average_gap if signals else None,
                    reasons=result.reasons,
                )
            )
    left = _left_on(months[0]) if months else {}
    return [
        AccountHistory(
            account_id=pk,
            name=account.name,
            is_key_account=key_account.get(pk, account.is_key_account),
            points=tuple(points[pk]),
            left_on=left.get(pk),
        )
        for pk, account in accounts.items()
    ]


def health_backtest(
    *, first: date, last: date, progress: Callable[[date], None] | None = None
) -> BacktestReport:
    return backtest_report(health_replay(first=first, last=last, progress=progress))


def _month(day: date | None) -> str:
    return day.strftime("%Y-%m") if day else "—"


def _months(count: int | None) -> str:
    return "never" if count is None else str(count)


def report_text(report: BacktestReport) -> str:
    """The report as the command prints it (English: it is for the README and the logs)."""
    if not report.months:
        return "No months to replay."
    lines = [
        f"Health backtest, {_month(report.months[0])} to {_month(report.months[-1])}: "
        f"{len(report.months)} months, scored as of each month's first day from the facts "
        "known then.",
        f"Accounts scored: {report.accounts}.",
        "",
        f"Lost in the period: {len(report.lost)} (left, or parcels down 50 % or more over "
        "3 months year on year); lost before the period began: "
        f"{report.lost_before_window}.",
    ]
    if report.lost:
        lines.append(
            "  account                              key  loss     kind              left     "
            "yellow  red  (months before the loss)  red before leaving"
        )
    for row in report.lost:
        lines.append(
            f"  {row.name[:36]:<36} {'yes' if row.is_key_account else 'no ':<4} "
            f"{_month(row.loss_month):<8} {row.kind:<17} {_month(row.left_month):<8} "
            f"{_months(row.months_yellow_before_loss):>6}  {_months(row.months_red_before_loss):>3}"
            f"{'':27}{_months(row.months_red_before_leaving):>6}"
        )
        for reason in row.red_reasons:
            lines.append(f"      red because: {reason_text(reason)}")
    warned = [row for row in report.lost if row.months_red_before_loss]
    lines += [
        "",
        f"Warned (red before the loss): {len(warned)} of {len(report.lost)}.",
        "",
        f"Stayed: {report.stayed}; flagged red at some point (false alarms): "
        f"{report.stayed_red} ({report.red_months_stayed} red months in all).",
    ]
    for component, count in report.false_alarm_components.items():
        lines.append(f"  red because of {component}: {count} accounts")
    for code, count in report.false_alarm_reasons.items():
        lines.append(f"  first red month's first reason {code}: {count}")
    lines.append(
        "Customers with normal seasonal dips (last 3 months 10 % or more below the 12-month "
        f"average while level with a year earlier): {report.seasonal}; flagged red: "
        f"{report.seasonal_red}, of which because of the volume: "
        f"{report.seasonal_red_by_volume}."
    )
    return "\n".join(lines)
