"""The public calendar feed (the token is the credential) and the page that hands it out."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nokkel.calendar_feed import selectors, services
from nokkel.calendar_feed.ics import build_calendar
from nokkel.calendar_feed.models import CalendarFeedToken
from nokkel.core import ratelimit
from nokkel.core.http import AuthenticatedHttpRequest

# Per token, not per address: Google and Microsoft fetch everyone's feeds from a few
# shared servers, and a 256-bit token is not worth guessing.
FEED_REQUESTS_PER_MINUTE = 60
# Unknown tokens per client address: someone guessing gets this many tries a minute.
UNKNOWN_TOKENS_PER_MINUTE = 30
WINDOW_SECONDS = 60
FEED_CACHE_SECONDS = 300


def _digest(token: str) -> str:
    # Only a digest reaches the cache: the token stays out of cache servers' key lists.
    return hashlib.sha256(token.encode()).hexdigest()


def _site_url(path: str) -> str:
    # Calendars keep these links long after the fetch: they lead to the configured site,
    # never to whatever Host the request named.
    return str(settings.NOKKEL_BASE_URL).rstrip("/") + path


def _too_many(text: str) -> HttpResponse:
    return HttpResponse(
        text,
        status=429,
        content_type="text/plain; charset=utf-8",
        headers={"Retry-After": str(WINDOW_SECONDS)},
    )


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    misses_key = f"calendar_feed:miss:{ratelimit.client_ip(request) or 'unknown'}"
    # Checked before the database is asked, so guessing costs no queries.
    if ratelimit.count(misses_key) >= UNKNOWN_TOKENS_PER_MINUTE:
        return _too_many(_("Too many requests. Try again in a minute."))
    if not ratelimit.hit(
        f"calendar_feed:token:{_digest(token)}",
        limit=FEED_REQUESTS_PER_MINUTE,
        window=WINDOW_SECONDS,
    ):
        return _too_many(_("Too many requests for this calendar. Try again in a minute."))
    try:
        feed_token = selectors.calendar_feed_token_get(token=token)
    except CalendarFeedToken.DoesNotExist:
        ratelimit.hit(misses_key, limit=UNKNOWN_TOKENS_PER_MINUTE, window=WINDOW_SECONDS)
        raise Http404 from None
    user = feed_token.user
    services.calendar_token_mark_used(feed_token=feed_token, now=timezone.now())
    body = build_calendar(
        selectors.calendar_feed_events(user=user, today=timezone.localdate()),
        calendar_name=f"Nøkkel – {user.get_full_name() or user.get_username()}",
        absolute_url=_site_url,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nokkel.ics"'
    patch_cache_control(response, private=True, max_age=FEED_CACHE_SECONDS)
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The feed address and how to subscribe. The address is a credential, so it is
    issued by the "Create my address" button (a POST), never by opening the page."""
    if request.method == "POST":
        services.calendar_token_get_or_create(user=request.user)
        return redirect("calendar_feed:settings")
    feed_token = selectors.calendar_feed_token_of(user=request.user)
    feed_url = (
        request.build_absolute_uri(
            reverse("calendar_feed:feed", kwargs={"token": feed_token.token})
        )
        if feed_token is not None
        else ""
    )
    return render(
        request,
        "calendar_feed/feed_settings.html",
        {"feed_token": feed_token, "feed_url": feed_url},
    )


@login_required
@require_POST
def token_regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.calendar_token_regenerate(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. The old one no longer works: update your calendars."),
    )
    return redirect("calendar_feed:settings")
