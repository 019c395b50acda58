"""Rate limits for the public survey pages and API, as counters in Django's cache.

Two counters, each per minute: failed look-ups per client address (guessing tokens is
what a limit must stop), and requests per token (one link hammered from anywhere). A
client over either limit gets 429 until the minute is over. The limit is
NOKKEL_SURVEY_RATE_LIMIT (default 30 a minute).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from nokkel.core import ratelimit as core_ratelimit

WINDOW_SECONDS = 60


def rate_limit() -> int:
    return int(getattr(settings, "NOKKEL_SURVEY_RATE_LIMIT", 30))


def client_address(request: HttpRequest) -> str:
    """The client's address as nokkel.core.ratelimit tells it (trusting only the
    configured proxies' X-Forwarded-For)."""
    return core_ratelimit.client_ip(request) or "unknown"


def _key(kind: str, value: str, now: datetime) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"surveys:rate:{kind}:{digest}:{int(now.timestamp()) // WINDOW_SECONDS}"


def _count(key: str) -> int:
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        return 1


def misses_allowed(address: str, now: datetime) -> bool:
    """False once this address has looked up too many unknown tokens this minute."""
    return int(cache.get(_key("miss", address, now), 0)) < rate_limit()


def record_miss(address: str, now: datetime) -> None:
    _count(_key("miss", address, now))


def token_allowed(token: str, now: datetime) -> bool:
    """Count one request on this token; False once it is over the limit this minute."""
    return _count(_key("token", token, now)) <= rate_limit()
