"""The mail capture settings, read here and nowhere else (at call time, never at import)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DEFAULT_DROP_ADDRESS = "crm@carrier.example"


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    user: str
    password: str
    ssl: bool
    folder: str

    @property
    def is_configured(self) -> bool:
        return bool(self.host and self.user)


def drop_mailbox() -> str:
    """The mailbox users forward to; their personal addresses are plus addresses of it."""
    return str(getattr(settings, "NOKKEL_MAIL_DROP_ADDRESS", "") or DEFAULT_DROP_ADDRESS)


def imap_config() -> ImapConfig:
    use_ssl = bool(getattr(settings, "NOKKEL_IMAP_SSL", True))
    port = getattr(settings, "NOKKEL_IMAP_PORT", None)
    return ImapConfig(
        host=str(getattr(settings, "NOKKEL_IMAP_HOST", "") or ""),
        port=int(port) if port else (993 if use_ssl else 143),
        user=str(getattr(settings, "NOKKEL_IMAP_USER", "") or ""),
        password=str(getattr(settings, "NOKKEL_IMAP_PASSWORD", "") or ""),
        ssl=use_ssl,
        folder=str(getattr(settings, "NOKKEL_IMAP_FOLDER", "") or "INBOX"),
    )
