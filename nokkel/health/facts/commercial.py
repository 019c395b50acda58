"""Commercial and voice-of-the-customer facts.

Price complaints and renewal talk come from logged contacts (see nokkel.health.vocabulary
for the rule); contracts, lost deals and survey answers come from their apps' selectors
(nokkel.health.facts.sources) and are unknown while those do not exist.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q

from nokkel.activities.models import Interaction
from nokkel.health.facts import sources
from nokkel.health.facts.accounts import Batch, as_batch, cutoff, local_days
from nokkel.health.facts.sources import CONTRACT_SELECTOR, DEAL_SELECTOR, VOICE_SELECTOR
from nokkel.health.scoring import (
    CommercialFacts,
    LostDeal,
    SurveyReading,
    Thresholds,
    VoiceFacts,
)
from nokkel.health.vocabulary import SEARCH_STEMS, is_price_complaint, is_renewal_work


def _talk(batch: Batch, as_of: date, days: int) -> tuple[dict[int, list[date]], dict[int, date]]:
    """Price complaints and the newest renewal talk in the window, per account. One query."""
    moment = cutoff(as_of)
    mentions = reduce(
        or_, (Q(summary__icontains=s) | Q(outcome__icontains=s) for s in SEARCH_STEMS)
    )
    rows = batch.filter(
        Interaction.objects.filter(
            mentions, happened_at__lt=moment, happened_at__gte=moment - timedelta(days=days)
        )
    ).values_list("account_id", "happened_at", "summary", "outcome", "key_areas")
    local_day = local_days()
    complaints: dict[int, list[date]] = {}
    renewals: dict[int, date] = {}
    for pk, happened_at, summary, outcome, key_areas in rows.iterator(chunk_size=20_000):
        if pk not in batch:
            continue
        text = f"{summary}\n{outcome}"
        day = local_day(happened_at)
        if is_price_complaint(text, key_areas if isinstance(key_areas, dict) else None):
            complaints.setdefault(pk, []).append(day)
        if is_renewal_work(text):
            renewals[pk] = max(renewals.get(pk, day), day)
    return complaints, renewals


def _newest(*days: Any) -> date | None:
    known = [day for day in days if isinstance(day, date)]
    return max(known) if known else None


def commercial_facts(
    *,
    account_ids: Collection[int] | Batch,
    as_of: date,
    thresholds: Thresholds | None = None,
) -> dict[int, CommercialFacts | None]:
    """Per account; every account gets facts (complaints are always known). One query plus
    one call to each of the contracts' and the pipeline's selectors that exist."""
    batch = as_batch(account_ids)
    thresholds = thresholds or Thresholds()
    window = max(thresholds.complaint_days, thresholds.renewal_activity_days)
    complaints, renewals = _talk(batch, as_of, window)
    contracts = sources.ask(CONTRACT_SELECTOR, account_ids=batch.ids_or_all(), as_of=as_of)
    deals = sources.ask(DEAL_SELECTOR, account_ids=batch.ids_or_all(), as_of=as_of)
    facts: dict[int, CommercialFacts | None] = {}
    for pk in batch.ids:
        contract = (contracts or {}).get(pk, {})
        deal = (deals or {}).get(pk, {})
        lost = (
            tuple(
                LostDeal(item["closed_on"], item.get("reason", ""))
                for item in deal.get("lost", ())
                if item.get("closed_on") and item["closed_on"] <= as_of
            )
            if deals is not None
            else None
        )
        facts[pk] = CommercialFacts(
            notice_deadline=contract.get("notice_deadline"),
            contracts_known=contracts is not None,
            renewal_activity_on=_newest(
                renewals.get(pk),
                contract.get("renewal_activity_on"),
                deal.get("renewal_activity_on"),
            ),
            lost_deals=lost,
            price_complaints=tuple(sorted(complaints.get(pk, ()))),
        )
    return facts


def voice_facts(
    *, account_ids: Collection[int] | Batch, as_of: date
) -> tuple[dict[int, VoiceFacts | None], dict[int, list[int]]]:
    """Survey readings per account (None without answers, or without surveys to ask), and
    the contacts who were detractors in their latest answer."""
    batch = as_batch(account_ids)
    answers = sources.ask(VOICE_SELECTOR, account_ids=batch.ids_or_all(), as_of=as_of)
    facts: dict[int, VoiceFacts | None] = dict.fromkeys(batch.ids)
    detractors: dict[int, list[int]] = {}
    for pk, data in (answers or {}).items():
        if pk not in batch:
            continue
        readings = tuple(
            SurveyReading(
                answered_on=item["answered_on"],
                nps=item.get("nps"),
                customer_gap=item.get("customer_gap"),
                worst_area=item.get("worst_area"),
                worst_area_gap=item.get("worst_area_gap"),
            )
            for item in data.get("readings", ())
            if item.get("answered_on") and item["answered_on"] <= as_of
        )
        facts[pk] = VoiceFacts(readings) if readings else None
        detractors[pk] = list(data.get("detractor_contact_ids", ()))
    return facts, detractors


def voice_available() -> bool:
    return sources.selector(*VOICE_SELECTOR) is not None
