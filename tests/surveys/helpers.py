"""Surveys built through the services, for tests (and for the access walk's world)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from nokkel.accounts.models import Account, Contact
from nokkel.surveys.answers import AnswerSet
from nokkel.surveys.models import Questionnaire, Statement, SurveyCampaign, SurveyRecipient
from nokkel.surveys.services import (
    campaign_create,
    campaign_send,
    survey_invitations_mail,
)
from nokkel.users.models import User

# The hand-computed example's questionnaire: two accuracy statements and one availability.
SMALL_SET = (
    ("accuracy", "Delivered on the agreed day.", "Levert på avtalt dag."),
    ("accuracy", "Pickups on time.", "Henting i tide."),
    ("availability", "Answers quickly.", "Svarer raskt."),
)


def small_questionnaire() -> Questionnaire:
    """A published version newer than any other, so new campaigns use it."""
    top = Questionnaire.objects.order_by("-version").values_list("version", flat=True).first()
    questionnaire = Questionnaire.objects.create(version=(top or 0) + 1, is_published=True)
    for i, (area, en, nb) in enumerate(SMALL_SET, start=1):
        Statement.objects.create(
            questionnaire=questionnaire, area=area, position=i, text_en=en, text_nb=nb
        )
    return questionnaire


def sent_campaign(
    *,
    actor: User,
    accounts: Sequence[Account],
    contacts: Sequence[Contact] | None = None,
    now: datetime | None = None,
    name: str = "Spring survey",
    mail: bool = False,
    **options: object,
) -> SurveyCampaign:
    now = now or timezone.now()
    campaign = campaign_create(
        actor=actor,
        name=name,
        accounts=accounts,
        contacts=contacts,
        **options,  # type: ignore[arg-type]
    )
    campaign = campaign_send(campaign=campaign, actor=actor, now=now)
    if mail:
        survey_invitations_mail(campaign=campaign, now=now)
    return campaign


def statements(campaign: SurveyCampaign) -> list[Statement]:
    return list(campaign.questionnaire.statements.all())


def uniform_answers(
    campaign: SurveyCampaign,
    *,
    expectation: int = 6,
    perception: int = 5,
    nps: int = 9,
    csat: int = 4,
    comment: str = "",
    per_area: dict[str, tuple[int, int]] | None = None,
) -> AnswerSet:
    """Every statement answered the same (or per area), importance split evenly-ish."""
    items = statements(campaign)
    per_area = per_area or {}
    areas = sorted({s.area for s in items})
    importance = dict.fromkeys(areas, 100 // len(areas))
    importance[areas[0]] += 100 - sum(importance.values())
    return AnswerSet(
        expectation={s.pk: per_area.get(s.area, (expectation, perception))[0] for s in items},
        perception={s.pk: per_area.get(s.area, (expectation, perception))[1] for s in items},
        importance=importance,
        nps=nps,
        csat=csat,
        comment=comment,
    )


def form_data(answers: AnswerSet) -> dict[str, object]:
    """The public form's POST data for an answer set."""
    data: dict[str, object] = {}
    for pk, value in answers.expectation.items():
        data[f"e_{pk}"] = value
    for pk, value in answers.perception.items():
        data[f"p_{pk}"] = value
    for area, points in answers.importance.items():
        data[f"imp_{area}"] = points
    data.update(nps=answers.nps, csat=answers.csat, comment=answers.comment)
    return data


def recipient_of(campaign: SurveyCampaign, contact: Contact) -> SurveyRecipient:
    return campaign.recipients.get(contact=contact)
