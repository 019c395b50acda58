"""Counting requests in the cache, and telling which address a request came from.

Behind a reverse proxy REMOTE_ADDR is the proxy; NOKKEL_TRUSTED_PROXIES says how many
proxies stand in front, and the client is that many hops from the right of
X-Forwarded-For. With none trusted, X-Forwarded-For is ignored (anyone can write it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = int(getattr(settings, "NOKKEL_TRUSTED_PROXIES", 0))
    remote = str(request.META.get("REMOTE_ADDR") or "")
    if proxies <= 0:
        return remote
    forwarded = [p.strip() for p in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [p for p in forwarded if p]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one event under `key`; True while the count stays within `limit` per window."""
    cache_key = f"nokkel:rate:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


def count(key: str) -> int:
    return int(cache.get(f"nokkel:rate:{key}", 0))


def reset(key: str) -> None:
    cache.delete(f"nokkel:rate:{key}")
