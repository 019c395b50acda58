"""Campaigns, answers and estimates through the services, with time passed in."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from nokkel.plans.models import ActionStatus, PlanAction
from nokkel.plans.services import plan_activate, plan_create
from nokkel.surveys.models import (
    CampaignStatus,
    ProposedAction,
    SurveyAnswer,
    SurveyResponse,
    TeamEstimate,
)
from nokkel.surveys.questionnaires import questionnaire_current
from nokkel.surveys.services import (
    SurveyUnavailableError,
    campaign_close,
    campaign_create,
    campaign_recipients_set,
    campaign_send,
    survey_answer_submit,
    survey_invitations_mail,
    survey_reminders_send,
    team_estimate_submit,
)
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.factories import AccountFactory, ContactFactory
from tests.surveys.helpers import recipient_of, sent_campaign, uniform_answers

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(kari, karis_account, karis_contact):
    return sent_campaign(actor=kari, accounts=[karis_account], now=MONDAY)


def test_a_draft_takes_the_accounts_active_contacts_with_an_e_mail(kari, karis_account):
    with_mail = ContactFactory(account=karis_account)
    ContactFactory(account=karis_account, email="")
    ContactFactory(account=karis_account, active=False)
    campaign = campaign_create(actor=kari, name="Vår", accounts=[karis_account])
    assert campaign.status == CampaignStatus.DRAFT
    assert list(campaign.recipients.values_list("contact", flat=True)) == [with_mail.pk]
    assert campaign.questionnaire == questionnaire_current()


def test_a_kam_cannot_survey_another_kams_account(kari, ola):
    olas = AccountFactory(kam=ola)
    with pytest.raises(ValidationError) as error:
        campaign_create(actor=kari, name="Vår", accounts=[olas])
    assert "accounts" in error.value.message_dict


def test_recipients_must_work_at_the_surveyed_accounts(kari, karis_account):
    stranger = ContactFactory()
    campaign = campaign_create(actor=kari, name="Vår", accounts=[karis_account], contacts=[])
    with pytest.raises(ValidationError) as error:
        campaign_recipients_set(campaign=campaign, actor=kari, contacts=[stranger])
    assert "contacts" in error.value.message_dict


def test_sending_opens_the_links_for_the_token_days_and_writes_the_timeline(
    campaign, karis_contact
):
    recipient = recipient_of(campaign, karis_contact)
    assert campaign.status == CampaignStatus.OPEN
    assert recipient.expires_at == MONDAY + timedelta(days=30)
    assert len(recipient.token) >= 43  # token_urlsafe(32)
    event = TimelineEvent.objects.get(account=recipient.account, kind=EventKind.SURVEY_SENT)
    assert event.happened_at == MONDAY
    assert event.data["recipients"] == [karis_contact.name]


@override_settings(NOKKEL_SURVEY_TOKEN_DAYS=3)
def test_the_token_lifetime_is_a_setting(kari, karis_account, karis_contact):
    campaign = sent_campaign(actor=kari, accounts=[karis_account], now=MONDAY)
    assert recipient_of(campaign, karis_contact).expires_at == MONDAY + timedelta(days=3)


def test_tokens_are_unguessable_and_unique(kari, karis_account):
    contacts = [ContactFactory(account=karis_account) for _ in range(5)]
    campaign = sent_campaign(actor=kari, accounts=[karis_account], contacts=contacts)
    tokens = list(campaign.recipients.values_list("token", flat=True))
    assert len(set(tokens)) == 5
    assert all(len(token) >= 43 for token in tokens)


def test_a_sent_campaign_cannot_be_sent_again_or_change_recipients(campaign, kari, karis_account):
    with pytest.raises(ValidationError):
        campaign_send(campaign=campaign, actor=kari, now=MONDAY)
    with pytest.raises(ValidationError):
        campaign_recipients_set(
            campaign=campaign, actor=kari, contacts=[ContactFactory(account=karis_account)]
        )


def test_the_invitation_is_mailed_in_the_recipients_language_with_the_link(
    kari, karis_account, settings
):
    settings.NOKKEL_BASE_URL = "https://n.no"
    norwegian = ContactFactory(account=karis_account, email="nb@shop.example")
    english = ContactFactory(account=karis_account, email="en@shop.example")
    campaign = campaign_create(actor=kari, name="Vår", accounts=[karis_account], contacts=[])
    campaign_recipients_set(
        campaign=campaign,
        actor=kari,
        contacts=[norwegian, english],
        languages={english.pk: "en"},
    )
    campaign = campaign_send(campaign=campaign, actor=kari, now=MONDAY)
    assert survey_invitations_mail(campaign=campaign, now=MONDAY) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    nb_link = f"https://n.no/s/{recipient_of(campaign, norwegian).token}/"
    assert nb_link in by_address["nb@shop.example"].body
    assert "How are we doing" in by_address["en@shop.example"].subject
    assert by_address["nb@shop.example"].reply_to == [kari.email]
    # Sending again sends nothing: everyone is invited.
    assert survey_invitations_mail(campaign=campaign, now=MONDAY) == 0


def test_a_reminder_goes_once_after_n_days_to_those_who_have_not_answered(kari, karis_account):
    answered, silent = ContactFactory(account=karis_account), ContactFactory(account=karis_account)
    campaign = sent_campaign(
        actor=kari,
        accounts=[karis_account],
        contacts=[answered, silent],
        now=MONDAY,
        mail=True,
        reminder_after_days=5,
        language="en",
    )
    survey_answer_submit(
        recipient=recipient_of(campaign, answered),
        answers=uniform_answers(campaign),
        now=MONDAY + timedelta(days=1),
    )
    mail.outbox.clear()
    assert survey_reminders_send(now=MONDAY + timedelta(days=4)) == 0
    assert survey_reminders_send(now=MONDAY + timedelta(days=5)) == 1
    assert mail.outbox[0].to == [silent.email]
    assert mail.outbox[0].subject.startswith("Reminder:")
    assert survey_reminders_send(now=MONDAY + timedelta(days=9)) == 0


def test_the_daily_run_closes_campaigns_past_their_closing_day(kari, karis_account, karis_contact):
    campaign = sent_campaign(
        actor=kari, accounts=[karis_account], now=MONDAY, closes_on=date(2026, 3, 10)
    )
    survey_reminders_send(now=datetime(2026, 3, 10, 23, 0, tzinfo=OSLO))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN  # the closing day itself still counts
    survey_reminders_send(now=datetime(2026, 3, 11, 0, 30, tzinfo=OSLO))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED


def test_an_answer_is_stored_whole_and_recorded_on_the_timeline(campaign, karis_contact):
    recipient = recipient_of(campaign, karis_contact)
    answered_at = MONDAY + timedelta(days=2)
    response = survey_answer_submit(
        recipient=recipient, answers=uniform_answers(campaign, nps=10), now=answered_at
    )
    assert response.submitted_at == answered_at
    assert response.answers.count() == campaign.questionnaire.statements.count()
    assert sum(response.importance.values()) == 100
    event = TimelineEvent.objects.get(kind=EventKind.SURVEY_ANSWERED)
    assert event.data["contact"] == karis_contact.name
    assert event.data["nps"] == 10
    assert event.happened_at == answered_at


def test_one_token_one_response_which_changes_until_the_campaign_closes(
    campaign, kari, karis_contact
):
    recipient = recipient_of(campaign, karis_contact)
    survey_answer_submit(
        recipient=recipient, answers=uniform_answers(campaign, perception=2), now=MONDAY
    )
    later = MONDAY + timedelta(days=3)
    response = survey_answer_submit(
        recipient=recipient, answers=uniform_answers(campaign, perception=6), now=later
    )
    assert SurveyResponse.objects.count() == 1
    assert set(SurveyAnswer.objects.values_list("perception", flat=True)) == {6}
    assert response.submitted_at == MONDAY
    assert response.updated_at == later

    campaign_close(campaign=campaign, actor=kari, now=later)
    with pytest.raises(SurveyUnavailableError) as refusal:
        survey_answer_submit(recipient=recipient, answers=uniform_answers(campaign), now=later)
    assert refusal.value.reason == "closed"
    assert set(SurveyAnswer.objects.values_list("perception", flat=True)) == {6}


def test_an_expired_link_takes_no_answer(campaign, karis_contact):
    recipient = recipient_of(campaign, karis_contact)
    with pytest.raises(SurveyUnavailableError) as refusal:
        survey_answer_submit(
            recipient=recipient, answers=uniform_answers(campaign), now=MONDAY + timedelta(days=30)
        )
    assert refusal.value.reason == "expired"
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda a: a.expectation.popitem(), "answers"),  # half-filled
        (lambda a: a.perception.update(dict.fromkeys(a.perception, 8)), "answers"),
        (lambda a: a.expectation.update(dict.fromkeys(a.expectation, 0)), "answers"),
        (lambda a: a.importance.update(accuracy=a.importance["accuracy"] + 1), "importance"),
        (lambda a: a.importance.update(nowhere=0), "importance"),
        (lambda a: setattr(a, "nps", 11), "nps"),
        (lambda a: setattr(a, "csat", 0), "csat"),
        (lambda a: setattr(a, "nps", None), "nps"),
    ],
)
def test_incomplete_or_out_of_range_answers_store_nothing(campaign, karis_contact, change, field):
    answers = uniform_answers(campaign)
    change(answers)
    with pytest.raises(ValidationError) as error:
        survey_answer_submit(
            recipient=recipient_of(campaign, karis_contact), answers=answers, now=MONDAY
        )
    assert field in error.value.message_dict
    assert not SurveyResponse.objects.exists()
    assert not TimelineEvent.objects.filter(kind=EventKind.SURVEY_ANSWERED).exists()


def test_each_team_member_gives_one_estimate_until_the_close(campaign, kari, karis_account):
    answers = uniform_answers(campaign, expectation=5)
    team_estimate_submit(
        campaign=campaign, account=karis_account, author=kari, answers=answers, now=MONDAY
    )
    team_estimate_submit(
        campaign=campaign,
        account=karis_account,
        author=kari,
        answers=uniform_answers(campaign, expectation=4),
        now=MONDAY,
    )
    estimate = TeamEstimate.objects.get()
    assert set(estimate.answers.values_list("expectation", flat=True)) == {4}
    campaign_close(campaign=campaign, actor=kari, now=MONDAY)
    with pytest.raises(ValidationError):
        team_estimate_submit(
            campaign=campaign, account=karis_account, author=kari, answers=answers, now=MONDAY
        )


def test_someone_outside_the_account_cannot_give_an_estimate(campaign, ola, karis_account):
    with pytest.raises(ValidationError):
        team_estimate_submit(
            campaign=campaign,
            account=karis_account,
            author=ola,
            answers=uniform_answers(campaign),
            now=MONDAY,
        )


def _active_plan(account, kari):
    plan = plan_create(
        account=account,
        actor=kari,
        data={"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)},
    )
    return plan_activate(plan=plan, actor=kari)


def test_closing_proposes_a_plan_action_for_each_area_below_the_threshold(
    campaign, kari, karis_account, karis_contact
):
    plan = _active_plan(karis_account, kari)
    answers = uniform_answers(
        campaign,
        expectation=6,
        perception=6,
        per_area={"accuracy": (7, 4), "availability": (6, 5)},  # gaps −3 and −1
    )
    survey_answer_submit(
        recipient=recipient_of(campaign, karis_contact), answers=answers, now=MONDAY
    )
    campaign_close(campaign=campaign, actor=kari, now=MONDAY + timedelta(days=10))

    proposal = ProposedAction.objects.get()
    assert (proposal.area, proposal.customer_gap) == ("accuracy", -3.0)
    action = PlanAction.objects.get(plan=plan)
    assert proposal.plan_action == action
    assert "accuracy" in action.title
    assert "7.0" in action.title
    assert "4.0" in action.title
    assert action.owner == kari
    assert action.status == ActionStatus.OPEN
    assert action.due_on == date(2026, 4, 11)  # 30 days after the close
    # Closing again proposes nothing new.
    campaign_close(campaign=campaign, actor=kari, now=MONDAY + timedelta(days=11))
    assert PlanAction.objects.count() == 1


@override_settings(NOKKEL_SURVEY_ACTION_THRESHOLD=-3.5)
def test_the_threshold_is_a_setting(campaign, kari, karis_account, karis_contact):
    answers = uniform_answers(campaign, per_area={"accuracy": (7, 4)})
    survey_answer_submit(
        recipient=recipient_of(campaign, karis_contact), answers=answers, now=MONDAY
    )
    campaign_close(campaign=campaign, actor=kari, now=MONDAY)
    assert not ProposedAction.objects.exists()


def test_without_a_plan_the_proposal_is_kept_on_the_survey(campaign, kari, karis_contact):
    answers = uniform_answers(campaign, per_area={"advice": (7, 3)})
    survey_answer_submit(
        recipient=recipient_of(campaign, karis_contact), answers=answers, now=MONDAY
    )
    campaign_close(campaign=campaign, actor=kari, now=MONDAY)
    proposal = ProposedAction.objects.get()
    assert proposal.area == "advice"
    assert proposal.plan_action is None


def test_the_timeline_tells_of_the_survey_sent_and_answered(campaign, karis_contact):
    from django.utils import translation

    from nokkel.timeline.describe import describe_event

    survey_answer_submit(
        recipient=recipient_of(campaign, karis_contact),
        answers=uniform_answers(campaign, nps=8),
        now=MONDAY,
    )
    with translation.override("en"):
        sentences = [describe_event(e) for e in TimelineEvent.objects.order_by("happened_at", "id")]
    assert f"Survey “Spring survey” sent to {karis_contact.name}." in sentences
    assert f"{karis_contact.name} answered the survey “Spring survey” (NPS 8)." in sentences


def test_a_manager_who_sees_some_accounts_changes_only_their_recipients(
    kari, ola, admin_user, karis_account, karis_contact
):
    olas_account = AccountFactory(kam=ola)
    olas_contact = ContactFactory(account=olas_account)
    campaign = campaign_create(
        actor=admin_user,
        name="Alle nøkkelkunder",
        accounts=[karis_account, olas_account],
        contacts=[karis_contact, olas_contact],
    )
    campaign_recipients_set(campaign=campaign, actor=kari, contacts=[], within=[karis_account])
    assert list(campaign.recipients.values_list("contact", flat=True)) == [olas_contact.pk]


def test_a_campaign_keeps_the_statement_set_it_was_sent_with(campaign, kari, karis_account):
    from nokkel.surveys.questionnaires import questionnaire_copy, questionnaire_publish

    sent_with = campaign.questionnaire
    assert sent_with.is_frozen
    draft = questionnaire_copy(questionnaire=sent_with, actor=kari)
    assert not draft.is_published
    assert draft.statements.count() == sent_with.statements.count()
    draft.statements.filter(area="advice").update(text_en="The carrier helps us plan peaks.")
    questionnaire_publish(questionnaire=draft, actor=kari)

    newer = campaign_create(actor=kari, name="Høst", accounts=[karis_account])
    assert newer.questionnaire == draft
    campaign.refresh_from_db()
    assert campaign.questionnaire == sent_with
    assert not sent_with.statements.filter(text_en="The carrier helps us plan peaks.").exists()


def test_the_default_set_is_seeded_when_none_is_published(kari, karis_account):
    from nokkel.surveys.models import Questionnaire

    Questionnaire.objects.update(is_published=False)
    campaign = campaign_create(actor=kari, name="Vår", accounts=[karis_account])
    areas = set(campaign.questionnaire.statements.values_list("area", flat=True))
    assert areas == {
        "accuracy",
        "availability",
        "adaptation",
        "advice",
        "value_for_money",
        "integration",
    }
    assert campaign.questionnaire.statements.filter(
        text_nb="Sendingene leveres til rett sted på avtalt dag."
    ).exists()
