"""Rate limits for the public survey pages and API, counted by nokkel.core.ratelimit.

Two counters, each over a minute from its first count: failed look-ups per client
address (guessing tokens is what a limit must stop), and requests per token (one link
hammered from anywhere). A client over either limit gets 429 until the minute is over.
The limit is NOKKEL_SURVEY_RATE_LIMIT (default 30 a minute).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest

from nokkel.core import ratelimit as core_ratelimit

WINDOW_SECONDS = 60


def rate_limit() -> int:
    return int(getattr(settings, "NOKKEL_SURVEY_RATE_LIMIT", 30))


def client_address(request: HttpRequest) -> str:
    """The client's address as nokkel.core.ratelimit tells it (trusting only the
    configured proxies' X-Forwarded-For)."""
    return core_ratelimit.client_ip(request) or "unknown"


def _key(kind: str, value: str) -> str:
    # Tokens are secrets: only their digest goes into the cache.
    return f"surveys:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def misses_allowed(address: str) -> bool:
    """False once this address has looked up too many unknown tokens this minute."""
    return core_ratelimit.count(_key("miss", address)) < rate_limit()


def record_miss(address: str) -> None:
    core_ratelimit.hit(_key("miss", address), limit=rate_limit(), window=WINDOW_SECONDS)


def token_allowed(token: str) -> bool:
    """Count one request on this token; False once it is over the limit this minute."""
    return core_ratelimit.hit(_key("token", token), limit=rate_limit(), window=WINDOW_SECONDS)
