"""The voice-of-the-customer facts the health score reads (its contract is in
nokkel.health.facts.sources), dated and plain: three queries for any number of accounts.

An answer counts from the day it was last given or changed, so a reading as of a date
never uses what a customer said after it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from nokkel.surveys import scoring
from nokkel.surveys.models import CampaignStatus, Statement, SurveyArea, SurveyResponse


def health_voice_facts(*, account_ids: list[int] | None, as_of: date) -> dict[int, dict[str, Any]]:
    """Per account with answers up to the end of `as_of` (Oslo): one reading per campaign,
    oldest first, ``{"answered_on", "nps", "customer_gap", "worst_area", "worst_area_gap"}``
    (customer_gap is the importance-weighted service quality), and the ids of the contacts
    whose latest answer was a detractor's (NPS 0–6)."""
    end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    responses = (
        SurveyResponse.objects.filter(updated_at__lt=end)
        .exclude(campaign__status=CampaignStatus.DRAFT)
        .select_related("recipient", "campaign")
        .prefetch_related("answers")
        .order_by("updated_at", "id")
    )
    if account_ids is not None:
        responses = responses.filter(account_id__in=account_ids)
    statements = {
        pk: (area, qid)
        for pk, area, qid in Statement.objects.values_list("pk", "area", "questionnaire_id")
    }
    areas_of: dict[int, set[str]] = defaultdict(set)
    for area, questionnaire_id in statements.values():
        areas_of[questionnaire_id].add(area)

    grouped: dict[int, dict[int, list[SurveyResponse]]] = defaultdict(lambda: defaultdict(list))
    latest_nps: dict[int, dict[int, int]] = defaultdict(dict)
    for response in responses:
        grouped[response.account_id][response.campaign_id].append(response)
        if response.recipient.contact_id is not None:
            latest_nps[response.account_id][response.recipient.contact_id] = response.nps

    facts: dict[int, dict[str, Any]] = {}
    for account_id, by_campaign in grouped.items():
        readings: list[tuple[date, dict[str, Any]]] = []
        for items in by_campaign.values():
            campaign = items[0].campaign
            present = areas_of.get(campaign.questionnaire_id, set())
            score = scoring.score_survey(
                areas=[a for a in SurveyArea.values if a in present],
                responses=[
                    scoring.Respondent(
                        answers=[
                            scoring.ItemAnswer(
                                statements[a.statement_id][0], a.expectation, a.perception
                            )
                            for a in r.answers.all()
                        ],
                        importance=r.importance,
                        nps=r.nps,
                        csat=r.csat,
                    )
                    for r in items
                ],
            )
            gaps = [a for a in score.areas if a.customer_gap is not None]
            worst = min(gaps, key=lambda a: (a.customer_gap or 0.0, a.key)) if gaps else None
            answered_on = timezone.localdate(max(r.updated_at for r in items))
            readings.append(
                (
                    answered_on,
                    {
                        "answered_on": answered_on,
                        "nps": score.nps,
                        "customer_gap": score.weighted_gap,
                        "worst_area": worst.key if worst else None,
                        "worst_area_gap": worst.customer_gap if worst else None,
                    },
                )
            )
        readings.sort(key=lambda reading: reading[0])
        facts[account_id] = {
            "readings": [reading for _answered_on, reading in readings],
            "detractor_contact_ids": sorted(
                contact_id
                for contact_id, nps in latest_nps[account_id].items()
                if nps <= scoring.DETRACTOR_MAX
            ),
        }
    return facts
