"""`manage.py fetch_mail` against a real IMAP server (Dovecot) started on loopback."""

from __future__ import annotations

import imaplib
import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command

from nokkel.activities.models import Interaction
from nokkel.mailcapture.models import TriageMessage
from nokkel.mailcapture.tasks import fetch_mail_task
from tests.mailcapture.dovecot import Dovecot, running_dovecot
from tests.mailcapture.mails import build_mail

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory) -> Iterator[Dovecot]:
    with running_dovecot(tmp_path_factory.mktemp("dovecot")) as server:
        yield server


@pytest.fixture
def mailbox(dovecot, settings) -> Iterator[imaplib.IMAP4]:
    """The drop mailbox, emptied, with the app's settings pointing at it."""
    settings.NOKKEL_IMAP_HOST = dovecot.host
    settings.NOKKEL_IMAP_PORT = dovecot.port
    settings.NOKKEL_IMAP_USER = dovecot.user
    settings.NOKKEL_IMAP_PASSWORD = dovecot.password
    settings.NOKKEL_IMAP_SSL = False
    settings.NOKKEL_IMAP_FOLDER = "INBOX"
    client = dovecot.client()
    _status, [count] = client.select("INBOX")
    if count != b"0":
        client.store("1:*", "+FLAGS", "(\\Deleted)")
        client.expunge()
    yield client
    client.logout()


def _deliver(client: imaplib.IMAP4, raw: bytes) -> None:
    status, data = client.append("INBOX", "", imaplib.Time2Internaldate(0), raw)
    assert status == "OK", data


def _uids(client: imaplib.IMAP4, criterion: str) -> list[bytes]:
    client.select("INBOX")
    status, data = client.uid("SEARCH", criterion)
    assert status == "OK", data
    return data[0].split()


def _fetch_mail() -> str:
    out = io.StringIO()
    call_command("fetch_mail", stdout=out)
    return out.getvalue()


def test_forwarded_mail_is_fetched_logged_and_marked_seen(
    mailbox, dovecot, kari, karis_account, karis_drop_address, per
):
    _deliver(
        mailbox,
        build_mail(
            sender="Per Bakken <per@fjellsport.example>",
            to="kari@carrier.example",
            bcc_delivered_to=karis_drop_address,
            subject="=?iso-8859-1?q?Pris_p=E5_pakker?=",
            message_id="<imap-1@fjellsport.example>",
        ),
    )
    _deliver(
        mailbox,
        build_mail(
            sender="ny@kunde.example", to=karis_drop_address, message_id="<imap-2@kunde.example>"
        ),
    )

    output = _fetch_mail()

    interaction = Interaction.objects.get()
    assert interaction.account == karis_account
    assert list(interaction.contacts.all()) == [per]
    assert interaction.author == kari
    assert interaction.email_message_id == "<imap-1@fjellsport.example>"
    assert interaction.summary.startswith("Pris på pakker")
    assert TriageMessage.objects.get().message_id == "<imap-2@kunde.example>"
    assert "logged: 1" in output
    assert "triaged: 1" in output
    assert _uids(mailbox, "UNSEEN") == []
    assert len(_uids(mailbox, "SEEN")) == 2, dovecot.log()

    # Nothing unseen: a second run logs nothing.
    _fetch_mail()
    assert Interaction.objects.count() == 1

    # A mail seen again (a crash between storing and marking) is not logged twice.
    mailbox.uid("STORE", b",".join(_uids(mailbox, "ALL")).decode(), "-FLAGS", "(\\Seen)")
    assert "duplicate: 2" in _fetch_mail()
    assert Interaction.objects.count() == 1
    assert TriageMessage.objects.count() == 1
    assert _uids(mailbox, "UNSEEN") == []


def test_a_mail_that_fails_to_store_stays_unseen(mailbox, karis_drop_address, per, monkeypatch):
    _deliver(mailbox, build_mail(bcc_delivered_to=karis_drop_address))

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("nokkel.mailcapture.services.mail_capture", broken)
    assert "failed: 1" in _fetch_mail()
    assert len(_uids(mailbox, "UNSEEN")) == 1
    monkeypatch.undo()

    # The periodic task runs the same fetch.
    assert fetch_mail_task.enqueue().return_value["logged"] == 1
    assert _uids(mailbox, "UNSEEN") == []


def test_a_wrong_password_is_a_command_error(mailbox, settings):
    settings.NOKKEL_IMAP_PASSWORD = "wrong"
    with pytest.raises(CommandError, match="Mailbox"):
        _fetch_mail()
