"""Guards on the public lead entry points: a size limit and a per-address rate limit,
counted by nokkel.core.ratelimit in Django's cache.

Fixed windows: the first submission from an address opens a window; up to the limit
are let through until it closes. The limit and window are read at call time from
settings (NOKKEL_LEAD_RATE_LIMIT submissions per NOKKEL_LEAD_RATE_WINDOW seconds).
The form and the API share one counter per address, so switching door does not help.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from nokkel.core import ratelimit

DEFAULT_LIMIT = 5
DEFAULT_WINDOW_SECONDS = 3600
LEAD_MAX_BODY_BYTES = 16 * 1024


def too_large(meta: Mapping[str, Any]) -> bool:
    """A filled-in lead form is a few kilobytes; anything larger is not a person typing."""
    try:
        return int(meta.get("CONTENT_LENGTH") or 0) > LEAD_MAX_BODY_BYTES
    except ValueError:
        return True


def lead_rate_limited(request: HttpRequest) -> bool:
    """Count one submission from the request's client address; True when over the limit."""
    limit = int(getattr(settings, "NOKKEL_LEAD_RATE_LIMIT", DEFAULT_LIMIT))
    window = int(getattr(settings, "NOKKEL_LEAD_RATE_WINDOW", DEFAULT_WINDOW_SECONDS))
    address = ratelimit.client_ip(request) or "unknown"
    return not ratelimit.hit(f"pipeline:lead:{address}", limit=limit, window=window)
