"""Background work for surveys: thin wrappers over the services."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from nokkel.surveys.models import SurveyCampaign
from nokkel.surveys.services import survey_invitations_mail, survey_reminders_send


@task()
def send_survey_invitations(campaign_id: int) -> int:
    """E-mail the links of a campaign just sent; returns how many went out."""
    campaign = SurveyCampaign.objects.get(pk=campaign_id)
    return survey_invitations_mail(campaign=campaign, now=timezone.now())


@task()
def send_survey_reminders(now_iso: str) -> int:
    """Daily: remind those who have not answered and close campaigns past their day."""
    return survey_reminders_send(now=datetime.fromisoformat(now_iso))
