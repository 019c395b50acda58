"""The public calendar feed (the token is the credential) and the page that hands it out."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from nokkel.calendar_feed import selectors, services
from nokkel.calendar_feed.ics import build_calendar
from nokkel.calendar_feed.models import CalendarFeedToken
from nokkel.core.http import AuthenticatedHttpRequest

# Per token, not per address: Google and Microsoft fetch everyone's feeds from a few
# shared servers, and a 256-bit token is not worth guessing.
FEED_REQUESTS_PER_MINUTE = 60
FEED_CACHE_SECONDS = 300


def _over_rate_limit(token: str) -> bool:
    # The cache key holds a digest: the token itself stays out of cache servers' key lists.
    key = "calendar_feed:rate:" + hashlib.sha256(token.encode()).hexdigest()
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count > FEED_REQUESTS_PER_MINUTE


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    if _over_rate_limit(token):
        return HttpResponse(
            _("Too many requests for this calendar. Try again in a minute."),
            status=429,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": "60"},
        )
    try:
        feed_token = selectors.calendar_feed_token_get(token=token)
    except CalendarFeedToken.DoesNotExist:
        raise Http404 from None
    user = feed_token.user
    services.calendar_token_mark_used(feed_token=feed_token, now=timezone.now())
    body = build_calendar(
        selectors.calendar_feed_events(user=user, today=timezone.localdate()),
        calendar_name=f"Nøkkel – {user.get_full_name() or user.get_username()}",
        absolute_url=request.build_absolute_uri,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nokkel.ics"'
    patch_cache_control(response, private=True, max_age=FEED_CACHE_SECONDS)
    return response


@login_required
@require_safe
def feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed_token = services.calendar_token_get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(
        reverse("calendar_feed:feed", kwargs={"token": feed_token.token})
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
