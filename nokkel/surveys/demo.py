"""Demo surveys: two past campaigns for several key accounts, answered and closed.

Everything goes through the survey services with dates in the past, so the timeline, the
results, the trend and the proposed plan actions look as they would from real use. One
account shows a large accuracy gap that the team did not see coming (a knowledge gap,
and a mismatch in which area the customer ranks most important).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from nokkel.accounts.models import Account, AccountStatus
from nokkel.surveys.answers import AnswerSet
from nokkel.surveys.models import (
    ProposedAction,
    Statement,
    SurveyCampaign,
    SurveyResponse,
    TeamEstimate,
)
from nokkel.surveys.services import (
    campaign_close,
    campaign_create,
    campaign_send,
    survey_answer_submit,
    survey_invitations_mail,
    team_estimate_submit,
)
from nokkel.users.models import User

DEMO_SEED = 2026
ACCOUNTS = 6
CONTACTS_PER_ACCOUNT = 2
OPEN_DAYS = 21
COMMENTS = (
    "",
    "Good drivers, and our contact person answers fast.",
    "Too many late pickups before Christmas.",
    "We would like more advice on returns.",
    "",
    "The tracking data does not always match what happened.",
)


@dataclass(frozen=True)
class DemoSurveyCounts:
    campaigns: int
    responses: int
    estimates: int
    proposed_actions: int


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _clamp(value: float) -> int:
    return max(1, min(7, round(value)))


def _importance(rng: random.Random, areas: list[str], favourite: str) -> dict[str, int]:
    """100 points, the favourite area getting the most."""
    points = {area: rng.randint(5, 15) for area in areas}
    points[favourite] = 0
    points[favourite] = 100 - sum(points.values())
    return points


def _customer_answers(
    rng: random.Random, statements: list[Statement], *, accuracy_gap: float, later: bool
) -> AnswerSet:
    areas = sorted({s.area for s in statements})
    expectation, perception = {}, {}
    for s in statements:
        expected = rng.choice((6, 6, 7)) if s.area == "accuracy" else rng.choice((5, 6, 6))
        delivered = expected - rng.choice((0, 0.5, 1))
        if s.area == "accuracy":
            delivered = expected - accuracy_gap
        elif s.area == "availability" and later:
            delivered += 0.5  # a second contact person was added between the surveys
        expectation[s.pk], perception[s.pk] = expected, _clamp(delivered)
    favourite = "accuracy" if accuracy_gap >= 2 else rng.choice(areas)
    nps = 4 if accuracy_gap >= 2 else rng.choice((7, 8, 9, 9, 10))
    return AnswerSet(
        expectation=expectation,
        perception=perception,
        importance=_importance(rng, areas, favourite),
        nps=nps,
        csat=2 if accuracy_gap >= 2 else rng.choice((4, 4, 5, 3)),
        comment=(
            "Parcels keep arriving a day late in Northern Norway; we are looking at Posten."
            if accuracy_gap >= 2
            else rng.choice(COMMENTS)
        ),
    )


def _team_answers(
    rng: random.Random, statements: list[Statement], *, blind_spot: bool
) -> AnswerSet:
    areas = sorted({s.area for s in statements})
    expectation = {
        s.pk: (4 if blind_spot and s.area == "accuracy" else rng.choice((5, 6, 6)))
        for s in statements
    }
    favourite = "value_for_money" if blind_spot else rng.choice(areas)
    return AnswerSet(expectation=expectation, importance=_importance(rng, areas, favourite))


def _demo_accounts() -> list[Account]:
    return list(
        Account.objects.filter(
            is_key_account=True, status=AccountStatus.CUSTOMER, kam__isnull=False
        )
        .filter(contacts__active=True)
        .exclude(contacts__email="")
        .select_related("kam")
        .distinct()
        .order_by("name")[:ACCOUNTS]
    )


def _run_campaign(
    *,
    actor: User,
    name: str,
    accounts: list[Account],
    sent_on: date,
    gap_account: Account,
    later: bool,
    rng: random.Random,
) -> SurveyCampaign:
    contacts = [
        contact
        for account in accounts
        for contact in account.contacts.filter(active=True).exclude(email="")[:CONTACTS_PER_ACCOUNT]
    ]
    campaign = campaign_create(
        actor=actor,
        name=name,
        accounts=accounts,
        closes_on=sent_on + timedelta(days=OPEN_DAYS),
        contacts=contacts,
    )
    sent_at = _at(sent_on, 9)
    campaign = campaign_send(campaign=campaign, actor=actor, now=sent_at)
    survey_invitations_mail(
        campaign=campaign,
        now=sent_at,
        connection=get_connection("django.core.mail.backends.dummy.EmailBackend"),
    )
    statements = list(campaign.questionnaire.statements.all())
    for account in accounts:
        if account.kam is not None:
            team_estimate_submit(
                campaign=campaign,
                account=account,
                author=account.kam,
                answers=_team_answers(rng, statements, blind_spot=account == gap_account),
                now=sent_at + timedelta(hours=3),
            )
    for i, recipient in enumerate(campaign.recipients.select_related("account").order_by("pk")):
        gap = (3.0 if later else 1.5) if recipient.account_id == gap_account.pk else 0.5
        survey_answer_submit(
            recipient=recipient,
            answers=_customer_answers(rng, statements, accuracy_gap=gap, later=later),
            now=_at(sent_on + timedelta(days=1 + i % 9), 14),
        )
    return campaign_close(
        campaign=campaign, actor=actor, now=_at(sent_on + timedelta(days=OPEN_DAYS + 1), 8)
    )


@transaction.atomic
def survey_demo_load(*, today: date) -> DemoSurveyCounts:
    """Two closed campaigns (about ten and two months before `today`) over up to six key
    accounts. Loading twice adds nothing: campaigns are found by their demo names."""
    accounts = _demo_accounts()
    actor = User.objects.filter(is_superuser=True).order_by("pk").first() or (
        accounts[0].kam if accounts else None
    )
    names = (f"Customer survey autumn {today.year - 1}", f"Customer survey spring {today.year}")
    if not accounts or actor is None or SurveyCampaign.objects.filter(name__in=names).exists():
        return _counts(names)
    rng = random.Random(DEMO_SEED)  # noqa: S311 -- repeatable demo data, not secrets
    gap_account = accounts[0]
    for name, days_ago, later in ((names[0], 300, False), (names[1], 70, True)):
        _run_campaign(
            actor=actor,
            name=name,
            accounts=accounts,
            sent_on=today - timedelta(days=days_ago),
            gap_account=gap_account,
            later=later,
            rng=rng,
        )
    return _counts(names)


def _counts(names: tuple[str, ...]) -> DemoSurveyCounts:
    campaigns = SurveyCampaign.objects.filter(name__in=names)
    return DemoSurveyCounts(
        campaigns=campaigns.count(),
        responses=SurveyResponse.objects.filter(campaign__in=campaigns).count(),
        estimates=TeamEstimate.objects.filter(campaign__in=campaigns).count(),
        proposed_actions=ProposedAction.objects.filter(campaign__in=campaigns).count(),
    )
