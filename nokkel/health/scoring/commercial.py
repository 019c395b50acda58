"""Commercial: the contract's notice deadline, lost deals and complaints about price.

- Notice deadline: within `notice_override_days` with no renewal work in the last
  `renewal_activity_days` scores 0 (and forces red); within `notice_watch_days` without
  renewal work, 50. Known only where contracts are kept.
- Lost opportunities in the last `lost_deal_days`: one costs 40 points, two or more 70.
  Known only where the pipeline is kept.
- Price complaints in the last `complaint_days`: 30 points for the first, less for more.
"""

from __future__ import annotations

from datetime import date, timedelta

from nokkel.health.scoring.facts import COMMERCIAL, CommercialFacts
from nokkel.health.scoring.results import ComponentScore, Reason, Thresholds

SHARES = {"notice": 0.5, "lost": 0.25, "price": 0.25}
LOST_SCORES = (100, 60, 30)  # 0, 1, 2+ lost deals
PRICE_SCORES = (100, 70, 45, 20)  # 0, 1, 2, 3+ complaints


def _notice_code(days: int | None, renewing: bool) -> str:
    if days is None:
        return "commercial_no_deadline"
    return "commercial_notice_renewing" if renewing else "commercial_notice"


def _months(days: int) -> int:
    return round(days / 30.4)


def renewal_in_hand(facts: CommercialFacts, as_of: date, thresholds: Thresholds) -> bool:
    since = as_of - timedelta(days=thresholds.renewal_activity_days)
    return facts.renewal_activity_on is not None and since <= facts.renewal_activity_on <= as_of


def days_to_notice(facts: CommercialFacts, as_of: date) -> int | None:
    if not facts.contracts_known or facts.notice_deadline is None:
        return None
    days = (facts.notice_deadline - as_of).days
    return days if days >= 0 else None


def recent_lost_deals(facts: CommercialFacts, as_of: date, thresholds: Thresholds) -> int | None:
    if facts.lost_deals is None:
        return None
    since = as_of - timedelta(days=thresholds.lost_deal_days)
    return sum(1 for deal in facts.lost_deals if since <= deal.closed_on <= as_of)


def recent_price_complaints(facts: CommercialFacts, as_of: date, thresholds: Thresholds) -> int:
    since = as_of - timedelta(days=thresholds.complaint_days)
    return sum(1 for day in facts.price_complaints if since <= day <= as_of)


def score_commercial(facts: CommercialFacts, as_of: date, thresholds: Thresholds) -> ComponentScore:
    values: dict[str, float] = {}
    days = days_to_notice(facts, as_of)
    renewing = facts.contracts_known and renewal_in_hand(facts, as_of, thresholds)
    if facts.contracts_known:
        waiting = days is not None and not renewing
        if waiting and days is not None and days <= thresholds.notice_override_days:
            values["notice"] = 0.0
        elif waiting and days is not None and days <= thresholds.notice_watch_days:
            values["notice"] = 50.0
        else:
            values["notice"] = 100.0
    lost = recent_lost_deals(facts, as_of, thresholds)
    if lost is not None:
        values["lost"] = float(LOST_SCORES[min(lost, len(LOST_SCORES) - 1)])
    complaints = recent_price_complaints(facts, as_of, thresholds)
    values["price"] = float(PRICE_SCORES[min(complaints, len(PRICE_SCORES) - 1)])
    total = sum(SHARES[name] for name in values)
    score = sum(SHARES[name] * value for name, value in values.items()) / total
    if score >= 100:
        return ComponentScore(COMMERCIAL, 100, Reason("commercial_ok", {}, COMMERCIAL))
    # The part that costs the most explains the component; only its reason is made.
    worst = max(values, key=lambda name: SHARES[name] * (100.0 - values[name]))
    if worst == "notice":
        reason = Reason(
            _notice_code(days, renewing),
            {"deadline": facts.notice_deadline, "days": days},
            COMMERCIAL,
            step="book_renewal_meeting",
        )
    elif worst == "lost":
        since = as_of - timedelta(days=thresholds.lost_deal_days)
        because = sorted(
            {d.reason for d in facts.lost_deals or () if since <= d.closed_on <= as_of and d.reason}
        )
        params: dict[str, int | str] = {
            "count": lost or 0,
            "months": _months(thresholds.lost_deal_days),
        }
        code = "commercial_lost_deals"
        if because:
            code, params["because"] = "commercial_lost_deals_because", because[0]
        reason = Reason(code, params, COMMERCIAL, step="debrief_lost_deal")
    else:
        reason = Reason(
            "commercial_price_complaints",
            {"count": complaints, "months": _months(thresholds.complaint_days)},
            COMMERCIAL,
            step="review_prices",
        )
    return ComponentScore(COMMERCIAL, round(score), reason)


def notice_override(facts: CommercialFacts, as_of: date, thresholds: Thresholds) -> Reason | None:
    """Red when the notice deadline is within `notice_override_days` and nobody is renewing."""
    days = days_to_notice(facts, as_of)
    if days is None or days > thresholds.notice_override_days:
        return None
    if renewal_in_hand(facts, as_of, thresholds):
        return None
    return Reason(
        "override_notice",
        {"deadline": facts.notice_deadline, "days": days},
        COMMERCIAL,
        step="book_renewal_meeting",
    )
