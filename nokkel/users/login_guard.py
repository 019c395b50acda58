"""Refusing password guessing: failed logins are counted per user name and address.

Counting the name and the address together (not the address alone) keeps one office
behind a shared NAT from locking each other out, while a guesser is stopped.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from nokkel.core import ratelimit


def _key(request: HttpRequest, username: str) -> str:
    return f"login:{username.strip().lower()}:{ratelimit.client_ip(request)}"


def _limit() -> int:
    return int(getattr(settings, "NOKKEL_LOGIN_FAILURE_LIMIT", 10))


def login_locked(request: HttpRequest, username: str) -> bool:
    return ratelimit.count(_key(request, username)) >= _limit()


def login_failed(request: HttpRequest, username: str) -> None:
    window = int(getattr(settings, "NOKKEL_LOGIN_FAILURE_WINDOW", 900))
    ratelimit.hit(_key(request, username), limit=_limit(), window=window)


def login_succeeded(request: HttpRequest, username: str) -> None:
    ratelimit.reset(_key(request, username))
