"""Every change to survey campaigns, the customer's answers and the team's estimates.

Each service validates, runs in one transaction and writes the account timeline itself
(a survey sent, a survey answered). Time is an argument (`now`): link expiry, reminders
and closing are computed from it, so tests and the demo can replay any date.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, Contact
from nokkel.accounts.services import person_name
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_changes, audit_record
from nokkel.surveys.answers import AnswerSet, check_answers
from nokkel.surveys.mail import send_survey_mail
from nokkel.surveys.models import (
    CampaignAccount,
    CampaignStatus,
    SurveyAnswer,
    SurveyCampaign,
    SurveyLanguage,
    SurveyRecipient,
    SurveyResponse,
    TeamEstimate,
    TeamEstimateAnswer,
)
from nokkel.surveys.questionnaires import questionnaire_current
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_record
from nokkel.users.models import User

TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 256 random bits, 43 characters


class SurveyUnavailableError(Exception):
    """The link can no longer be answered: `reason` is "expired" or "closed"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def token_days() -> int:
    return int(getattr(settings, "NOKKEL_SURVEY_TOKEN_DAYS", 30))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


# --- Campaigns ------------------------------------------------------------------


def _check_accounts(actor: User, accounts: Sequence[Account]) -> None:
    if not accounts:
        raise ValidationError({"accounts": _("Choose at least one account.")})
    visible = set(
        Account.objects.visible_to(actor)
        .filter(pk__in=[a.pk for a in accounts])
        .values_list("pk", flat=True)
    )
    if len(visible) != len({a.pk for a in accounts}):
        raise ValidationError({"accounts": _("You can only survey accounts you can open.")})


def _not_draft_error() -> ValidationError:
    return ValidationError(
        _("The survey has been sent; its recipients can no longer change."), code="sent"
    )


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    name: str,
    accounts: Sequence[Account],
    language: str = SurveyLanguage.NB,
    reminder_after_days: int = 7,
    closes_on: date | None = None,
    contacts: Sequence[Contact] | None = None,
) -> SurveyCampaign:
    """A draft campaign for the accounts, on the current statement set.

    Without `contacts`, every active contact with an e-mail address at the accounts is a
    recipient; either way the recipients can be changed until the survey is sent.
    """
    accounts = list({account.pk: account for account in accounts}.values())
    _check_accounts(actor, accounts)
    campaign = SurveyCampaign(
        name=name.strip(),
        questionnaire=questionnaire_current(),
        language=language,
        reminder_after_days=reminder_after_days,
        closes_on=closes_on,
        created_by=actor,
    )
    campaign.full_clean()
    campaign.save()
    CampaignAccount.objects.bulk_create(
        CampaignAccount(campaign=campaign, account=account) for account in accounts
    )
    if contacts is None:
        contacts = list(
            Contact.objects.filter(account__in=accounts, active=True)
            .exclude(email="")
            .select_related("account")
        )
    campaign_recipients_set(campaign=campaign, actor=actor, contacts=contacts)
    audit_record(action=AuditAction.CREATE, actor=actor, obj=campaign)
    return campaign


@transaction.atomic
def campaign_recipients_set(
    *,
    campaign: SurveyCampaign,
    actor: User,
    contacts: Sequence[Contact],
    languages: Mapping[int, str] | None = None,
    within: Sequence[Account] | None = None,
) -> list[SurveyRecipient]:
    """Make these contacts the draft's recipients, each in the language given by contact id
    (the campaign's language otherwise). Contacts need an e-mail address and must work at
    one of the campaign's accounts. With `within`, only the recipients at those accounts
    change (someone who sees some of a campaign's accounts leaves the others alone)."""
    locked = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status != CampaignStatus.DRAFT:
        raise _not_draft_error()
    languages = languages or {}
    targets = set(locked.targets.values_list("account_id", flat=True))
    strangers = [c.name for c in contacts if c.account_id not in targets]
    no_email = [c.name for c in contacts if not c.email]
    if strangers:
        raise ValidationError(
            {
                "contacts": _("%(names)s do not work at the surveyed accounts.")
                % {"names": ", ".join(strangers)}
            }
        )
    if no_email:
        raise ValidationError(
            {"contacts": _("%(names)s have no e-mail address.") % {"names": ", ".join(no_email)}}
        )
    bad_languages = set(languages.values()) - set(SurveyLanguage.values)
    if bad_languages:
        raise ValidationError({"languages": _("Choose Norwegian or English.")})
    chosen = {c.pk: c for c in contacts}
    replaced = locked.recipients.exclude(contact_id__in=chosen)
    if within is not None:
        replaced = replaced.filter(account__in=within)
    replaced.delete()
    existing = {r.contact_id: r for r in locked.recipients.all()}
    for contact_id, contact in chosen.items():
        language = languages.get(contact_id, locked.language)
        recipient = existing.get(contact_id)
        if recipient is None:
            recipient = SurveyRecipient(
                campaign=locked,
                account_id=contact.account_id,
                contact=contact,
                name=contact.name,
                email=contact.email,
                language=language,
                token=new_token(),
            )
            recipient.full_clean(exclude=["campaign", "account", "contact"])
            recipient.save()
        elif recipient.language != language or recipient.email != contact.email:
            recipient.language, recipient.email = language, contact.email
            recipient.save(update_fields=["language", "email"])
    return list(locked.recipients.all())


@transaction.atomic
def campaign_send(*, campaign: SurveyCampaign, actor: User, now: datetime) -> SurveyCampaign:
    """Open the campaign: each link expires NOKKEL_SURVEY_TOKEN_DAYS after `now`.

    The e-mails go out afterwards (survey_invitations_mail, usually as a task);
    each account's timeline records the survey sent to its contacts.
    """
    locked = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status != CampaignStatus.DRAFT:
        raise ValidationError(_("This survey has already been sent."), code="sent")
    recipients = list(locked.recipients.select_related("account"))
    if not recipients:
        raise ValidationError(
            {"contacts": _("Choose at least one contact with an e-mail address.")}
        )
    locked.status, locked.sent_at = CampaignStatus.OPEN, now
    locked.full_clean()
    locked.save(update_fields=["status", "sent_at"])
    expires_at = now + timedelta(days=token_days())
    locked.recipients.update(expires_at=expires_at)
    by_account: dict[int, list[SurveyRecipient]] = {}
    for recipient in recipients:
        by_account.setdefault(recipient.account_id, []).append(recipient)
    for group in by_account.values():
        timeline_record(
            account=group[0].account,
            kind=EventKind.SURVEY_SENT,
            actor=actor,
            happened_at=now,
            data={
                "campaign": locked.name,
                "campaign_id": locked.pk,
                "recipients": [r.name for r in group],
            },
        )
    audit_changes(
        actor=actor, obj=locked, changes=[("status", CampaignStatus.DRAFT, locked.status)]
    )
    return locked


def survey_invitations_mail(
    *, campaign: SurveyCampaign, now: datetime, connection: BaseEmailBackend | None = None
) -> int:
    """E-mail every recipient not yet invited; returns how many went out.

    Each is marked as it goes, so a failure halfway leaves the rest for the next run.
    `connection` overrides the mail back end (the demo sends to none).
    """
    if campaign.status != CampaignStatus.OPEN:
        return 0
    sent = 0
    pending = campaign.recipients.filter(invited_at__isnull=True).select_related(
        "campaign", "account__kam"
    )
    for recipient in pending:
        if send_survey_mail(recipient=recipient, reminder=False, connection=connection):
            SurveyRecipient.objects.filter(pk=recipient.pk).update(invited_at=now)
            sent += 1
    return sent


def survey_reminders_send(*, now: datetime) -> int:
    """Remind those who have not answered, once, the campaign's N days after the invitation.

    Also closes the campaigns whose closing day has passed. Returns the reminders sent.
    """
    campaigns_close_due(now=now)
    sent = 0
    due = (
        SurveyRecipient.objects.filter(
            campaign__status=CampaignStatus.OPEN,
            invited_at__isnull=False,
            reminded_at__isnull=True,
            response__isnull=True,
            expires_at__gt=now,
        )
        .select_related("campaign", "account__kam")
        .order_by("pk")
    )
    for recipient in due:
        campaign = recipient.campaign
        if recipient.invited_at is None or not campaign.accepts_answers(now):
            continue
        if now < recipient.invited_at + timedelta(days=campaign.reminder_after_days):
            continue
        if send_survey_mail(recipient=recipient, reminder=True):
            SurveyRecipient.objects.filter(pk=recipient.pk).update(reminded_at=now)
            sent += 1
    return sent


@transaction.atomic
def campaign_close(
    *, campaign: SurveyCampaign, actor: User | None, now: datetime
) -> SurveyCampaign:
    """Stop taking answers and propose plan actions for the areas below the threshold.

    Closing a closed campaign changes nothing.
    """
    from nokkel.surveys.proposals import survey_actions_propose

    locked = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status == CampaignStatus.CLOSED:
        return locked
    old = locked.status
    locked.status, locked.closed_at = CampaignStatus.CLOSED, now
    locked.save(update_fields=["status", "closed_at"])
    audit_changes(actor=actor, obj=locked, changes=[("status", old, locked.status)])
    if old == CampaignStatus.OPEN:
        survey_actions_propose(campaign=locked, actor=actor, now=now)
    return locked


def campaigns_close_due(*, now: datetime) -> int:
    """Close the open campaigns whose closing day (in Oslo) is before `now`'s."""
    today = timezone.localdate(now)
    due = SurveyCampaign.objects.filter(status=CampaignStatus.OPEN, closes_on__lt=today)
    closed = 0
    for campaign in due:
        campaign_close(campaign=campaign, actor=None, now=now)
        closed += 1
    return closed


# --- Answers -----------------------------------------------------------------------


@transaction.atomic
def survey_answer_submit(
    *, recipient: SurveyRecipient, answers: AnswerSet, now: datetime
) -> SurveyResponse:
    """Store the recipient's complete answer, replacing an earlier one.

    Raises SurveyUnavailableError when the link has expired or the campaign no longer takes
    answers, ValidationError naming the field when an answer is missing or out of range.
    Nothing is stored from an answer that does not validate.
    """
    locked = (
        SurveyRecipient.objects.select_for_update(of=("self",))
        .select_related("campaign__questionnaire", "account")
        .get(pk=recipient.pk)
    )
    campaign = locked.campaign
    if not campaign.accepts_answers(now):
        raise SurveyUnavailableError("closed")
    if locked.is_expired(now):
        raise SurveyUnavailableError("expired")
    statements = list(campaign.questionnaire.statements.all())
    check_answers(answers, statements, customer=True)
    response = SurveyResponse.objects.filter(recipient=locked).first()
    changed = response is not None
    if response is None:
        response = SurveyResponse(
            recipient=locked, campaign=campaign, account=locked.account, submitted_at=now
        )
    response.importance = answers.importance_for(statements)
    response.nps, response.csat = answers.nps, answers.csat
    response.comment = answers.comment.strip()
    response.updated_at = now
    response.full_clean(exclude=["recipient", "campaign", "account"])
    response.save()
    response.answers.all().delete()
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            response=response,
            statement_id=statement_id,
            expectation=expectation,
            perception=answers.perception[statement_id],
        )
        for statement_id, expectation in answers.expectation.items()
    )
    timeline_record(
        account=locked.account,
        kind=EventKind.SURVEY_ANSWERED,
        actor=None,
        happened_at=now,
        data={
            "campaign": campaign.name,
            "campaign_id": campaign.pk,
            "contact": locked.name,
            "nps": response.nps,
            "csat": response.csat,
            "changed": changed,
        },
    )
    return response


@transaction.atomic
def team_estimate_submit(
    *,
    campaign: SurveyCampaign,
    account: Account,
    author: User,
    answers: AnswerSet,
    now: datetime,
) -> TeamEstimate:
    """Store what `author` believes this customer expects, replacing their earlier estimate.

    Only expectations and the importance split are read from `answers`.
    """
    campaign = (
        SurveyCampaign.objects.select_for_update(of=("self",))
        .select_related("questionnaire")
        .get(pk=campaign.pk)
    )
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(
            _("The survey is closed; the team's estimate can no longer change."), code="closed"
        )
    if not campaign.targets.filter(account=account).exists():
        raise ValidationError(_("This account is not part of the survey."))
    if not Account.objects.visible_to(author).filter(pk=account.pk).exists():
        raise ValidationError(
            _("%(name)s cannot open this account.") % {"name": person_name(author)}
        )
    statements = list(campaign.questionnaire.statements.all())
    check_answers(answers, statements, customer=False)
    estimate, _created = TeamEstimate.objects.select_for_update().get_or_create(
        campaign=campaign,
        account=account,
        author=author,
        defaults={"submitted_at": now, "updated_at": now},
    )
    estimate.importance = answers.importance_for(statements)
    estimate.updated_at = now
    estimate.save(update_fields=["importance", "updated_at"])
    estimate.answers.all().delete()
    TeamEstimateAnswer.objects.bulk_create(
        TeamEstimateAnswer(estimate=estimate, statement_id=statement_id, expectation=value)
        for statement_id, value in answers.expectation.items()
    )
    return estimate
