from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from nokkel.audit.models import AuditAction
from nokkel.audit.selectors import audit_entries
from nokkel.core.http import AuthenticatedHttpRequest

PAGE_SIZE = 50


@login_required
def entry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.is_admin:
        raise PermissionDenied
    action = request.GET.get("action", "")
    who = request.GET.get("who", "").strip()
    entries = audit_entries(action=action, username=who)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/entry_list.html",
        {"page": page, "actions": AuditAction.choices, "action": action, "who": who},
    )
