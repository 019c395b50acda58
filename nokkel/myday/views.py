from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.myday.selectors import my_day


@login_required
def my_day_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "myday/my_day.html", {"day": my_day(user=request.user, today=today)})
