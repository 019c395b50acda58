"""Changes: monthly snapshots, acknowledging a warning, and the weekly digest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nokkel.accounts.models import Account, AccountStatus
from nokkel.health.facts import Batch, account_states
from nokkel.health.models import HealthSnapshot, WarningAcknowledgement
from nokkel.health.reasons import BAND_LABELS, reason_text, step_text
from nokkel.health.scoring import HealthResult
from nokkel.health.selectors import acknowledgements, health_results, warnings_as_of
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_record
from nokkel.users.models import Role, User

Progress = Callable[[int, int], None]


def snapshot_data(result: HealthResult) -> dict[str, Any]:
    """The stored form of a result: codes and numbers, read in the reader's language."""
    components = [
        {
            "key": c.key,
            "score": c.score,
            "weight": round(c.weight, 4),
            "reason": c.reason.as_data(),
        }
        for c in result.components
    ] + [{"key": left.key, "left_out": left.code} for left in result.left_out]
    return {
        "components": components,
        "overrides": [o.as_data() for o in result.overrides],
        "reasons": [r.as_data() for r in result.reasons],
    }


def health_snapshot_month(*, as_of: date, progress: Progress | None = None) -> int:
    """Store every customer's health as of the first day of `as_of`'s month.

    Idempotent: the month's snapshots are replaced, all at once. Accounts that were not
    customers on that day (prospects, former customers) get none. Returns the number
    stored. The scores are read before the write begins; they read only the past.
    """
    month = as_of.replace(day=1)
    batch = Batch(Account.objects.values_list("pk", flat=True))
    states = account_states(account_ids=batch, as_of=month)
    customers = Batch(pk for pk in batch.ids if states[pk].status == AccountStatus.CUSTOMER)
    results = health_results(account_ids=customers, as_of=month, states=states)
    return _snapshots_replace(month, results, progress)


@transaction.atomic
def _snapshots_replace(
    month: date, results: dict[int, HealthResult], progress: Progress | None
) -> int:
    HealthSnapshot.objects.filter(as_of=month).delete()
    snapshots = []
    for done, (pk, result) in enumerate(results.items(), start=1):
        if result.score is not None and result.band is not None:
            snapshots.append(
                HealthSnapshot(
                    account_id=pk,
                    as_of=month,
                    score=result.score,
                    band=result.band,
                    **snapshot_data(result),
                )
            )
        if progress is not None and done % 1000 == 0:
            progress(done, len(results))
    HealthSnapshot.objects.bulk_create(snapshots, batch_size=2_000)
    if progress is not None:
        progress(len(results), len(results))
    return len(snapshots)


@transaction.atomic
def warning_acknowledge(
    *,
    account: Account,
    user: User,
    as_of: date,
    action: str,
    score: int | None = None,
    band: str = "",
) -> WarningAcknowledgement:
    """Record that `user` saw the account's early warning of `as_of` and what they do about
    it; the account's timeline says so."""
    acknowledgement = WarningAcknowledgement(
        account=account,
        user=user,
        as_of=as_of,
        action=action.strip(),
        score=score,
        band=band,
    )
    if not acknowledgement.action:
        raise ValidationError({"action": _("Say what you are doing about it.")})
    acknowledgement.full_clean()
    acknowledgement.save()
    timeline_record(
        account=account,
        kind=EventKind.HEALTH_WARNING_ACKNOWLEDGED,
        actor=user,
        data={
            "as_of": as_of.isoformat(),
            "score": score,
            "band": band,
            "action": acknowledgement.action,
        },
    )
    return acknowledgement


def _digest_body(rows: list[tuple[Account, Any]], base_url: str) -> str:
    lines = [
        ngettext(
            "%(count)s account needs your attention this week:",
            "%(count)s accounts need your attention this week:",
            len(rows),
        )
        % {"count": len(rows)},
        "",
    ]
    for account, warning in rows:
        lines.append(
            _("%(name)s: score %(score)s (%(band)s)")
            % {
                "name": account.name,
                "score": warning.score,
                "band": str(BAND_LABELS.get(warning.band, warning.band)).lower(),
            }
        )
        lines.extend(f"  – {reason_text(reason)}" for reason in warning.reasons)
        steps = [step_text(step) for step in warning.steps if step_text(step)]
        if steps:
            lines.append("  " + _("Next step: %(step)s") % {"step": steps[0]})
        lines.append(f"  {base_url}{account.get_absolute_url()}")
        lines.append("")
    lines.append(
        _("The whole list: %(url)s") % {"url": f"{base_url}{reverse('health:warning-list')}"}
    )
    return "\n".join(lines)


def health_digest_send(*, today: date, base_url: str = "") -> int:
    """E-mail each KAM and sales manager their open early warnings; returns mails sent.

    The warnings are computed once for every customer, then shared out by who answers
    for which account (its KAM, the segment's sales managers).
    """
    accounts = {
        a.pk: a
        for a in Account.objects.filter(status=AccountStatus.CUSTOMER).prefetch_related(
            "segment__sales_managers"
        )
    }
    warnings, _states = warnings_as_of(account_ids=accounts, as_of=today)
    acked = acknowledgements(account_ids=list(warnings), as_of=today)
    open_ids = [pk for pk in warnings if pk not in acked]
    per_user: dict[int, list[int]] = {}
    for pk in open_ids:
        account = accounts[pk]
        people = {account.kam_id}
        if account.segment is not None:
            people |= {u.pk for u in account.segment.sales_managers.all() if u.is_sales_manager}
        for user_id in people - {None}:
            assert user_id is not None
            per_user.setdefault(user_id, []).append(pk)
    sent = 0
    users = User.objects.filter(
        pk__in=list(per_user), is_active=True, role__in=[Role.KAM, Role.SALES_MANAGER, Role.ADMIN]
    ).exclude(email="")
    for user in users:
        rows = sorted(
            ((accounts[pk], warnings[pk]) for pk in per_user[user.pk]),
            key=lambda row: (row[1].band != "red", row[1].score, row[0].name),
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Nøkkel: %(count)s health warning this week",
                "Nøkkel: %(count)s health warnings this week",
                len(rows),
            ) % {"count": len(rows)}
            # Links start with the site's own address unless the caller names another.
            body = _digest_body(rows, (base_url or str(settings.NOKKEL_BASE_URL)).rstrip("/"))
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
