"""Guards on the public lead entry points: a size limit and a per-IP rate limit, the
latter kept in Django's cache.

Fixed windows: the first submission from an address opens a window; up to the limit
are let through until it closes. The limit and window are read at call time from
settings (NOKKEL_LEAD_RATE_LIMIT submissions per NOKKEL_LEAD_RATE_WINDOW seconds).
The form and the API share one counter per address, so switching door does not help.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = 5
DEFAULT_WINDOW_SECONDS = 3600
LEAD_MAX_BODY_BYTES = 16 * 1024


def client_ip(meta: Mapping[str, Any]) -> str:
    """The address the connection came from, given the request's META.

    X-Forwarded-For is not trusted here: anyone can send it. Behind a reverse proxy,
    the proxy must set REMOTE_ADDR (for example gunicorn's --forwarded-allow-ips).
    """
    return str(meta.get("REMOTE_ADDR") or "unknown")


def too_large(meta: Mapping[str, Any]) -> bool:
    """A filled-in lead form is a few kilobytes; anything larger is not a person typing."""
    try:
        return int(meta.get("CONTENT_LENGTH") or 0) > LEAD_MAX_BODY_BYTES
    except ValueError:
        return True


def lead_rate_limited(ip: str) -> bool:
    """Count one submission from `ip`; True when it is over the limit."""
    limit = int(getattr(settings, "NOKKEL_LEAD_RATE_LIMIT", DEFAULT_LIMIT))
    window = int(getattr(settings, "NOKKEL_LEAD_RATE_WINDOW", DEFAULT_WINDOW_SECONDS))
    key = f"pipeline:lead-rate:{ip}"
    # add() only sets a missing key, so the window is not stretched by later hits.
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window closed between add() and incr()
            cache.add(key, 1, timeout=window)
            count = 1
    return count > limit
