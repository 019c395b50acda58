"""The early-warning list and acknowledging a warning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nokkel.accounts.access import can_see_confidential
from nokkel.accounts.models import Account
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.health import services
from nokkel.health.forms import AcknowledgeForm, AsOfForm
from nokkel.health.present import next_steps
from nokkel.health.reasons import reason_text
from nokkel.health.selectors import WarningRow, account_health
from nokkel.health.selectors import warning_list as warnings_for


def _row_context(row: WarningRow) -> dict[str, object]:
    return {
        "row": row,
        "reasons": [reason_text(reason) for reason in row.warning.reasons],
        "steps": next_steps(row.warning.reasons),
    }


@login_required
def warning_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = AsOfForm(request.GET or None, initial={"as_of": today})
    as_of = today
    if form.is_valid() and form.cleaned_data.get("as_of"):
        as_of = form.cleaned_data["as_of"]
    rows = warnings_for(user=request.user, today=as_of)
    return render(
        request,
        "health/warning_list.html",
        {
            "form": form,
            "as_of": as_of,
            "is_today": as_of == today,
            "rows": [_row_context(row) for row in rows],
            "open_count": sum(1 for row in rows if row.acknowledgement is None),
        },
    )


@login_required
@require_POST
def warning_acknowledge(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_id)
    if request.user.is_read_only or not can_see_confidential(request.user, account):
        raise PermissionDenied
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        as_of = form.cleaned_data["as_of"]
        result = account_health(account=account, as_of=as_of)
        try:
            services.warning_acknowledge(
                account=account,
                user=request.user,
                as_of=as_of,
                action=form.cleaned_data["action"],
                score=result.score,
                band=result.band or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Warning on %(name)s acknowledged; it is on the account's timeline.")
                % {"name": account.name},
            )
            return redirect(f"{reverse('health:warning-list')}?as_of={as_of.isoformat()}")
    messages.error(request, _("Say what you are doing about it."))
    return redirect(reverse("health:warning-list"))
