"""The e-mails with the personal survey link, written in the recipient's language."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from nokkel.surveys.models import SurveyRecipient

logger = logging.getLogger(__name__)


def survey_link(recipient: SurveyRecipient) -> str:
    """The absolute link to the recipient's form, under NOKKEL_BASE_URL: never the
    address a request came in on, which its sender chooses."""
    path = reverse("surveys-public:respond", kwargs={"token": recipient.token})
    return str(settings.NOKKEL_BASE_URL).rstrip("/") + path


def survey_message(*, recipient: SurveyRecipient, reminder: bool) -> EmailMessage:
    kam = recipient.account.kam
    with translation.override(recipient.language):
        context = {
            "recipient": recipient,
            "campaign": recipient.campaign,
            "account": recipient.account,
            "kam": kam,
            "link": survey_link(recipient),
            "reminder": reminder,
        }
        subject = " ".join(render_to_string("surveys/email/subject.txt", context).split())
        body = render_to_string("surveys/email/invitation.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[recipient.email],
        reply_to=[kam.email] if kam is not None and kam.email else None,
    )


def send_survey_mail(
    *, recipient: SurveyRecipient, reminder: bool, connection: BaseEmailBackend | None = None
) -> bool:
    """Send the invitation or the reminder; False (and a log line) when the mail server
    refuses, so one bad address does not stop the others."""
    message = survey_message(recipient=recipient, reminder=reminder)
    message.connection = connection
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the survey e-mail to recipient %s", recipient.pk)
        return False
    return True
