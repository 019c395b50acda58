"""The portfolio view of the voice of the customer, for managers: each visible account's
newest answered campaign as a heat map of customer gaps, the NPS distribution, and the
biggest knowledge gaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nokkel.accounts.models import Account
from nokkel.surveys import scoring
from nokkel.surveys.models import CampaignStatus, SurveyArea, SurveyCampaign, SurveyResponse
from nokkel.surveys.selectors import AREA_LABELS, KNOWLEDGE_GAPS_SHOWN, gather_answers, pooled_score
from nokkel.users.models import User


@dataclass(frozen=True)
class HeatRow:
    account: Account
    campaign: SurveyCampaign
    score: scoring.SurveyScore
    cells: list[float | None]  # customer gap per area, in the order of SurveyArea


@dataclass(frozen=True)
class KnowledgeGapRow:
    account: Account
    campaign: SurveyCampaign
    area: str
    area_label: str
    expectation: float
    team_estimate: float
    gap: float


@dataclass(frozen=True)
class PortfolioSurvey:
    areas: list[tuple[str, str]]
    rows: list[HeatRow]
    nps_distribution: list[int]  # how many answered 0, 1, … 10
    nps: float | None
    knowledge_gaps: list[KnowledgeGapRow]

    @property
    def nps_chart(self) -> dict[str, object]:
        return {"labels": [str(n) for n in range(11)], "counts": self.nps_distribution}


def portfolio_survey(*, user: User) -> PortfolioSurvey:
    """Over the accounts the user may see, each scored on its newest answered campaign."""
    visible = Account.objects.visible_to(user)
    pairs = (
        SurveyResponse.objects.filter(account__in=visible.values("pk"))
        .exclude(campaign__status=CampaignStatus.DRAFT)
        .values_list("account_id", "campaign_id", "campaign__sent_at")
        .distinct()
    )
    newest: dict[int, tuple[datetime, int]] = {}
    for account_id, campaign_id, sent_at in pairs:
        mark = (sent_at, campaign_id)
        if account_id not in newest or mark > newest[account_id]:
            newest[account_id] = mark
    areas = [(key, str(AREA_LABELS[key])) for key in SurveyArea.values]
    if not newest:
        return PortfolioSurvey(areas, [], [0] * 11, None, [])
    campaign_ids = {campaign_id for _sent, campaign_id in newest.values()}
    accounts = visible.select_related("kam").in_bulk(list(newest))
    campaigns = SurveyCampaign.objects.select_related("questionnaire").in_bulk(campaign_ids)
    gathered = gather_answers(campaign_ids=campaign_ids, account_ids=list(newest))

    rows, gaps, scores = [], [], []
    for account_id, (_sent, campaign_id) in newest.items():
        campaign, account = campaigns[campaign_id], accounts[account_id]
        score = pooled_score(gathered, campaign, [account_id])
        by_key = {a.key: a for a in score.areas}
        cells = [by_key[key].customer_gap if key in by_key else None for key, _l in areas]
        rows.append(HeatRow(account, campaign, score, cells))
        for response in gathered.responses.get((campaign_id, account_id), []):
            scores.append(response.nps)
        for area in score.areas:
            if area.knowledge_gap is not None and area.expectation is not None:
                gaps.append(
                    KnowledgeGapRow(
                        account=account,
                        campaign=campaign,
                        area=area.key,
                        area_label=str(AREA_LABELS[area.key]),
                        expectation=area.expectation,
                        team_estimate=area.team_estimate or 0.0,
                        gap=area.knowledge_gap,
                    )
                )
    rows.sort(key=lambda row: (row.score.weighted_gap or 0.0, row.account.name))
    gaps.sort(key=lambda g: (-abs(g.gap), g.account.name, g.area))
    distribution = [0] * 11
    for value in scores:
        distribution[value] += 1
    return PortfolioSurvey(
        areas=areas,
        rows=rows,
        nps_distribution=distribution,
        nps=scoring.net_promoter_score(scores),
        knowledge_gaps=gaps[:KNOWLEDGE_GAPS_SHOWN],
    )
