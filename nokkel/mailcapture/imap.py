"""Fetching unseen mail from the drop mailbox over IMAP (Python's imaplib).

Knows nothing of the database: each message goes to a handler, and a message is
marked \\Seen only when its handler returned normally, so a mail whose storing
failed is fetched again next time.
"""

from __future__ import annotations

import imaplib
import logging
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nokkel.mailcapture.conf import ImapConfig

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 60


class ImapError(Exception):
    """The mailbox could not be reached, logged into or read."""


@dataclass
class FetchReport:
    fetched: int = 0
    handled: int = 0
    failed: int = 0


def _connect(config: ImapConfig) -> imaplib.IMAP4:
    if config.ssl:
        return imaplib.IMAP4_SSL(
            config.host,
            config.port,
            ssl_context=ssl.create_default_context(),
            timeout=TIMEOUT_SECONDS,
        )
    return imaplib.IMAP4(config.host, config.port, timeout=TIMEOUT_SECONDS)


def _check(response: tuple[str, Sequence[Any]], what: str) -> Sequence[Any]:
    status, data = response
    if status != "OK":
        raise ImapError(f"{what}: {status} {data!r}")
    return data


def _message_bytes(data: Sequence[Any]) -> bytes | None:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def fetch_unseen(*, config: ImapConfig, handle: Callable[[bytes], object]) -> FetchReport:
    """Give every unseen message in the folder to `handle`, oldest first; mark it seen after."""
    report = FetchReport()
    try:
        client = _connect(config)
    except (OSError, imaplib.IMAP4.error) as error:
        raise ImapError(f"cannot connect to {config.host}:{config.port}: {error}") from error
    try:
        _check(client.login(config.user, config.password), "login")
        _check(client.select(config.folder), f"select {config.folder}")
        found = _check(client.uid("SEARCH", "UNSEEN"), "search")
        uids = found[0].decode().split() if found and isinstance(found[0], bytes) else []
        for uid in uids:
            # BODY.PEEK leaves \Seen alone until the handler has stored the mail.
            raw = _message_bytes(_check(client.uid("FETCH", uid, "(BODY.PEEK[])"), "fetch"))
            if raw is None:
                continue
            report.fetched += 1
            try:
                handle(raw)
            except Exception:
                report.failed += 1
                logger.exception("mail capture: message uid %s failed; left unseen", uid)
                continue
            _check(client.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "store")
            report.handled += 1
    except (OSError, imaplib.IMAP4.error) as error:
        raise ImapError(f"{config.host}:{config.port}: {error}") from error
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            logger.warning("mail capture: logout from %s failed", config.host)
    return report
