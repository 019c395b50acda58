"""Building e-mails for the mail capture tests."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

SENT = "Tue, 03 Mar 2026 09:15:00 +0100"


def build_mail(
    *,
    sender: str = "Per Bakken <per@fjellsport.example>",
    to: str = "kari@carrier.example",
    cc: str = "",
    bcc_delivered_to: str = "",
    subject: str = "Ny fraktavtale",
    body: str = "Hei Kari,\n\nKan vi se på prisene for pakker til Nord-Norge?\n\nPer",
    html: str = "",
    message_id: str | None = None,
    date: str | None = SENT,
    attachment: bytes | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    if bcc_delivered_to:
        message["Delivered-To"] = bcc_delivered_to
    message["Subject"] = subject
    if date:
        message["Date"] = date
    message["Message-ID"] = message_id or make_msgid(domain="shop.example")
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    if attachment is not None:
        message.add_attachment(
            attachment, maintype="application", subtype="pdf", filename="tilbud.pdf"
        )
    return bytes(message)
