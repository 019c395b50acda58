"""Reads of campaigns and their results, all through the access door.

Results are scored by the pure `scoring` module from a fixed handful of queries (the
statements, the responses and their answers, the estimates and their answers), however
many accounts and respondents there are. A multi-account campaign is scored over the
accounts the reader may see; a campaign with none of them is hidden (404).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from nokkel.accounts.models import Account
from nokkel.surveys import scoring
from nokkel.surveys.answers import areas_of

# The health score's contract (nokkel.health.facts.sources) names this module.
from nokkel.surveys.health import health_voice_facts as health_voice_facts
from nokkel.surveys.models import (
    CampaignAccount,
    CampaignStatus,
    ProposedAction,
    Statement,
    SurveyArea,
    SurveyCampaign,
    SurveyRecipient,
    SurveyResponse,
    TeamEstimate,
)
from nokkel.users.models import User

AREA_LABELS = dict(SurveyArea.choices)
KNOWLEDGE_GAPS_SHOWN = 10


# --- Campaigns ---------------------------------------------------------------------


def campaign_list(*, user: User) -> QuerySet[SurveyCampaign]:
    """Visible campaigns, newest first, with their recipients and answers counted over the
    accounts the user may see."""
    visible = Account.objects.visible_to(user).values("pk")
    return (
        SurveyCampaign.objects.visible_to(user)
        .select_related("created_by")
        .annotate(
            recipient_count=Count(
                "recipients", filter=Q(recipients__account__in=visible), distinct=True
            ),
            response_count=Count(
                "responses", filter=Q(responses__account__in=visible), distinct=True
            ),
            account_count=Count("targets", filter=Q(targets__account__in=visible), distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def campaign_get(*, user: User, campaign_id: int) -> SurveyCampaign:
    """One visible campaign; SurveyCampaign.DoesNotExist (a 404) when it is hidden."""
    return (
        SurveyCampaign.objects.visible_to(user)
        .select_related("questionnaire", "created_by")
        .get(pk=campaign_id)
    )


def campaign_accounts(*, user: User, campaign: SurveyCampaign) -> list[Account]:
    return list(
        Account.objects.visible_to(user)
        .filter(survey_targets__campaign=campaign)
        .select_related("kam")
        .order_by("name", "id")
    )


def campaign_recipients(*, user: User, campaign: SurveyCampaign) -> list[SurveyRecipient]:
    """Recipients at the accounts the user may see, each with its response (or none)."""
    return list(
        SurveyRecipient.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("account", "contact", "response")
    )


def recipient_by_token(*, token: str) -> SurveyRecipient:
    """The public door: the token is the credential. DoesNotExist for an unknown token and
    for a campaign not yet sent."""
    return (
        SurveyRecipient.objects.exclude(campaign__status=CampaignStatus.DRAFT)
        .select_related("campaign__questionnaire", "account__kam", "response")
        .get(token=token)
    )


def statements_of(*, questionnaire_id: int) -> list[Statement]:
    return list(Statement.objects.filter(questionnaire_id=questionnaire_id))


# --- Scoring inputs ------------------------------------------------------------------


@dataclass
class GatheredAnswers:
    """Responses and estimates as scoring inputs, grouped by (campaign id, account id)."""

    areas: dict[int, list[str]] = field(default_factory=dict)  # questionnaire id → areas
    responses: dict[tuple[int, int], list[SurveyResponse]] = field(
        default_factory=lambda: defaultdict(list)
    )
    respondents: dict[tuple[int, int], list[scoring.Respondent]] = field(
        default_factory=lambda: defaultdict(list)
    )
    estimates: dict[tuple[int, int], list[scoring.Respondent]] = field(
        default_factory=lambda: defaultdict(list)
    )


def gather_answers(
    *, campaign_ids: Collection[int], account_ids: Collection[int] | None = None
) -> GatheredAnswers:
    gathered = GatheredAnswers()
    statements = list(
        Statement.objects.filter(questionnaire__campaigns__in=campaign_ids).distinct()
    )
    area_of = {s.pk: s.area for s in statements}
    by_questionnaire: dict[int, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_questionnaire[statement.questionnaire_id].append(statement)
    gathered.areas = {qid: areas_of(items) for qid, items in by_questionnaire.items()}

    responses = SurveyResponse.objects.filter(campaign_id__in=campaign_ids)
    estimates = TeamEstimate.objects.filter(campaign_id__in=campaign_ids)
    if account_ids is not None:
        responses = responses.filter(account_id__in=account_ids)
        estimates = estimates.filter(account_id__in=account_ids)
    for response in responses.select_related("recipient", "account").prefetch_related("answers"):
        key = (response.campaign_id, response.account_id)
        gathered.responses[key].append(response)
        gathered.respondents[key].append(
            scoring.Respondent(
                answers=[
                    scoring.ItemAnswer(area_of[a.statement_id], a.expectation, a.perception)
                    for a in response.answers.all()
                ],
                importance=response.importance,
                nps=response.nps,
                csat=response.csat,
            )
        )
    for estimate in estimates.prefetch_related("answers"):
        gathered.estimates[(estimate.campaign_id, estimate.account_id)].append(
            scoring.Respondent(
                answers=[
                    scoring.ItemAnswer(area_of[a.statement_id], a.expectation)
                    for a in estimate.answers.all()
                ],
                importance=estimate.importance,
            )
        )
    return gathered


def pooled_score(
    gathered: GatheredAnswers, campaign: SurveyCampaign, account_ids: Iterable[int]
) -> scoring.SurveyScore:
    ids = list(account_ids)
    return scoring.score_survey(
        areas=gathered.areas.get(campaign.questionnaire_id, list(SurveyArea.values)),
        responses=[r for i in ids for r in gathered.respondents.get((campaign.pk, i), [])],
        estimates=[e for i in ids for e in gathered.estimates.get((campaign.pk, i), [])],
    )


def campaign_scores_by_account(*, campaign: SurveyCampaign) -> dict[int, scoring.SurveyScore]:
    """Scores per account that answered (no reader: for services closing a campaign)."""
    gathered = gather_answers(campaign_ids=[campaign.pk])
    answered = sorted({account_id for _cid, account_id in gathered.respondents})
    return {account_id: pooled_score(gathered, campaign, [account_id]) for account_id in answered}


# --- Results -------------------------------------------------------------------------


@dataclass(frozen=True)
class RespondentRow:
    name: str
    account: str
    nps: int
    csat: int
    comment: str
    submitted_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SurveyResults:
    campaign: SurveyCampaign
    accounts: list[Account]
    score: scoring.SurveyScore
    respondents: list[RespondentRow]
    proposals: list[ProposedAction]

    @property
    def ready(self) -> bool:
        """Shown once the team has given its estimate (so the answers do not colour it),
        or once the campaign is closed."""
        return self.score.estimates > 0 or self.campaign.status == CampaignStatus.CLOSED

    @property
    def area_rows(self) -> list[tuple[str, scoring.AreaScore]]:
        return [(str(AREA_LABELS.get(a.key, a.key)), a) for a in self.score.areas]

    @property
    def customer_top_labels(self) -> str:
        return ", ".join(str(AREA_LABELS.get(k, k)) for k in self.score.customer_top)

    @property
    def team_top_labels(self) -> str:
        return ", ".join(str(AREA_LABELS.get(k, k)) for k in self.score.team_top)


def _results(
    campaign: SurveyCampaign, accounts: list[Account], gathered: GatheredAnswers
) -> SurveyResults:
    ids = [a.pk for a in accounts]
    rows = [
        RespondentRow(
            name=response.recipient.name,
            account=response.account.name,
            nps=response.nps,
            csat=response.csat,
            comment=response.comment,
            submitted_at=response.submitted_at,
            updated_at=response.updated_at,
        )
        for account_id in ids
        for response in gathered.responses.get((campaign.pk, account_id), [])
    ]
    proposals = list(
        ProposedAction.objects.filter(campaign=campaign, account_id__in=ids).select_related(
            "account", "plan_action__plan"
        )
    )
    return SurveyResults(
        campaign=campaign,
        accounts=accounts,
        score=pooled_score(gathered, campaign, ids),
        respondents=sorted(rows, key=lambda r: (r.account, r.submitted_at)),
        proposals=proposals,
    )


def campaign_results(
    *, user: User, campaign: SurveyCampaign, account_id: int | None = None
) -> SurveyResults:
    """The campaign's results over the accounts the user may see (or one of them).

    CampaignAccount.DoesNotExist (a 404) when none of the accounts is visible.
    """
    accounts = campaign_accounts(user=user, campaign=campaign)
    if account_id is not None:
        accounts = [a for a in accounts if a.pk == account_id]
    if not accounts:
        raise CampaignAccount.DoesNotExist
    gathered = gather_answers(campaign_ids=[campaign.pk], account_ids=[a.pk for a in accounts])
    return _results(campaign, accounts, gathered)


def _answered_campaigns(account: Account) -> QuerySet[SurveyCampaign]:
    return (
        SurveyCampaign.objects.filter(
            pk__in=SurveyResponse.objects.filter(account=account).values("campaign_id")
        )
        .select_related("questionnaire")
        .order_by("sent_at", "id")
    )


def account_results(*, account: Account, campaign_id: int | None = None) -> SurveyResults | None:
    """One campaign's results for an account already opened through the door: the given
    campaign, or the newest one the account answered. None when there is none."""
    if campaign_id is not None:
        campaign = (
            SurveyCampaign.objects.filter(targets__account=account, pk=campaign_id)
            .select_related("questionnaire")
            .first()
        )
    else:
        campaign = _answered_campaigns(account).last()
    if campaign is None:
        return None
    gathered = gather_answers(campaign_ids=[campaign.pk], account_ids=[account.pk])
    return _results(campaign, [account], gathered)


@dataclass(frozen=True)
class TrendPoint:
    campaign: SurveyCampaign
    score: scoring.SurveyScore

    @property
    def worst(self) -> tuple[str, scoring.AreaScore] | None:
        """The area with the lowest customer gap, and its label."""
        scored = [a for a in self.score.areas if a.customer_gap is not None]
        if not scored:
            return None
        area = min(scored, key=lambda a: (a.customer_gap or 0.0, a.key))
        return str(AREA_LABELS.get(area.key, area.key)), area


def account_survey_history(*, account: Account) -> list[TrendPoint]:
    """Every campaign the account answered, oldest first, scored for this account."""
    campaigns = list(_answered_campaigns(account))
    if not campaigns:
        return []
    gathered = gather_answers(campaign_ids=[c.pk for c in campaigns], account_ids=[account.pk])
    return [TrendPoint(c, pooled_score(gathered, c, [account.pk])) for c in campaigns]


@dataclass(frozen=True)
class AccountVoice:
    """What the account page shows: the newest answered campaign, the trend across all of
    them, and the campaigns still taking answers."""

    latest: SurveyResults | None
    history: list[TrendPoint]
    open_campaigns: list[SurveyCampaign]


def account_voice(*, account: Account) -> AccountVoice:
    """For an account already opened through the door; one query when it has no answers,
    a fixed handful when it has."""
    answered_here = SurveyResponse.objects.filter(campaign=OuterRef("pk"), account=account)
    campaigns = list(
        SurveyCampaign.objects.filter(targets__account=account)
        .exclude(status=CampaignStatus.DRAFT)
        .select_related("questionnaire")
        .annotate(answered=Exists(answered_here))
        .order_by("sent_at", "id")
    )
    open_campaigns = [c for c in reversed(campaigns) if c.status == CampaignStatus.OPEN]
    answered = [c for c in campaigns if c.answered]  # type: ignore[attr-defined]
    if not answered:
        return AccountVoice(None, [], open_campaigns)
    gathered = gather_answers(campaign_ids=[c.pk for c in answered], account_ids=[account.pk])
    history = [TrendPoint(c, pooled_score(gathered, c, [account.pk])) for c in answered]
    return AccountVoice(_results(answered[-1], [account], gathered), history, open_campaigns)
