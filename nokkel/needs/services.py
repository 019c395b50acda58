"""Recording needs analyses and keeping decision criteria. Each change writes the timeline.

A needs analysis is only ever added (a new version); the decision criteria of an account
are replaced as a set, so their weights are checked together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_record
from nokkel.competitors.models import Competitor
from nokkel.needs import criteria
from nokkel.needs.models import (
    Criterion,
    DecisionCriterion,
    NeedsAnalysis,
    Region,
    ServiceVolume,
    WalletCarrier,
    WalletShare,
)
from nokkel.shipments.models import Service
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_record
from nokkel.users.models import User

ANALYSIS_FIELDS = (
    "peak_season",
    "regions",
    "returns_share",
    "webshop_platform",
    "integration",
    "pain_points",
)
WALLET_TOTAL = Decimal(100)


@dataclass(frozen=True)
class WalletShareInput:
    carrier: str
    share: Decimal
    competitor: Competitor | None = None


@dataclass(frozen=True)
class CriterionInput:
    criterion: str
    weight: int
    our_score: int
    competitor_score: int
    other_label: str = ""
    best_competitor: Competitor | None = None
    note: str = ""


def _lock(account: Account) -> Account:
    # One writer at a time per account: versions and criteria sets never interleave.
    return Account.objects.select_for_update().get(pk=account.pk)


def _wallet_problems(wallet: Sequence[WalletShareInput]) -> list[str]:
    problems: list[str] = []
    keys = [(row.carrier, row.competitor.pk if row.competitor else None) for row in wallet]
    if len(keys) != len(set(keys)):
        problems.append(_("Each carrier may appear only once in the share of wallet."))
    if wallet:
        total = sum((row.share for row in wallet), Decimal(0))
        if total != WALLET_TOTAL:
            problems.append(
                _("The shares of wallet must sum to 100 %%; these sum to %(total)s %%.")
                % {"total": formats.localize(Decimal(format(total.normalize(), "f")))}
            )
    return problems


def _volume_problems(volumes: Mapping[str, int]) -> list[str]:
    unknown = sorted(set(volumes) - set(Service.values))
    if unknown:
        return [_("Unknown service: %(codes)s.") % {"codes": ", ".join(unknown)}]
    if any(count < 0 for count in volumes.values()):
        return [_("Parcels per month cannot be below zero.")]
    return []


def _check_analysis(
    data: Mapping[str, Any], volumes: Mapping[str, int], wallet: Sequence[WalletShareInput]
) -> None:
    unknown = set(data) - set(ANALYSIS_FIELDS)
    if unknown:
        raise TypeError(f"Not needs analysis fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    bad_regions = sorted(set(data.get("regions") or []) - set(Region.values))
    if bad_regions:
        errors["regions"] = [_("Unknown region: %(codes)s.") % {"codes": ", ".join(bad_regions)}]
    if problems := _volume_problems(volumes):
        errors["volumes"] = problems
    if problems := _wallet_problems(wallet):
        errors["wallet_shares"] = problems
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def needs_analysis_record(
    *,
    account: Account,
    actor: User,
    recorded_on: date,
    data: Mapping[str, Any],
    volumes: Mapping[str, int],
    wallet: Sequence[WalletShareInput] = (),
) -> NeedsAnalysis:
    """Save a new version of the account's needs analysis; earlier versions stay as they were.

    Volumes are parcels per month by service code (services without parcels are left out);
    the shares of wallet, when given, must sum to exactly 100.
    """
    _check_analysis(data, volumes, wallet)
    locked = _lock(account)
    latest = NeedsAnalysis.objects.filter(account=locked).aggregate(latest=Max("version"))
    analysis = NeedsAnalysis(
        account=locked,
        version=(latest["latest"] or 0) + 1,
        recorded_on=recorded_on,
        created_by=actor,
        **{**data, "regions": sorted(set(data.get("regions") or []))},
    )
    for field in ("peak_season", "webshop_platform", "integration", "pain_points"):
        setattr(analysis, field, str(getattr(analysis, field) or "").strip())
    analysis.full_clean()
    analysis.save()
    rows = [
        ServiceVolume(analysis=analysis, service=service, parcels_per_month=count)
        for service, count in volumes.items()
        if count
    ]
    shares = [
        WalletShare(
            analysis=analysis,
            carrier=row.carrier,
            competitor=row.competitor if row.carrier == WalletCarrier.COMPETITOR else None,
            share=row.share,
        )
        for row in wallet
    ]
    for row in [*rows, *shares]:
        row.full_clean(exclude=["analysis"])
    ServiceVolume.objects.bulk_create(rows)
    WalletShare.objects.bulk_create(shares)
    timeline_record(
        account=locked,
        kind=EventKind.NEEDS_ANALYSIS_RECORDED,
        actor=actor,
        data={
            "analysis": analysis.pk,
            "version": analysis.version,
            "parcels_per_month": sum(row.parcels_per_month for row in rows),
        },
    )
    audit_record(action=AuditAction.CREATE, actor=actor, obj=analysis)
    return analysis


def _criterion_problems(rows: Sequence[CriterionInput]) -> list[str]:
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        if row.criterion not in Criterion.values:
            problems.append(
                _("Row %(row)s: unknown criterion “%(code)s”.")
                % {"row": number, "code": row.criterion}
            )
        elif row.criterion == Criterion.OTHER and not row.other_label.strip():
            problems.append(_("Row %(row)s: name the other criterion.") % {"row": number})
        for score in (row.our_score, row.competitor_score):
            if not criteria.SCORE_MIN <= score <= criteria.SCORE_MAX:
                problems.append(
                    _("Row %(row)s: scores run from 1 to 10; %(score)s is outside.")
                    % {"row": number, "score": score}
                )
        if row.weight < 0:
            problems.append(_("Row %(row)s: a weight cannot be below zero.") % {"row": number})
    keys = [(row.criterion, row.other_label.strip().casefold()) for row in rows]
    if len(keys) != len(set(keys)):
        problems.append(_("Each criterion may appear only once."))
    total = criteria.weight_total(row.weight for row in rows)
    if rows and total != criteria.WEIGHT_TOTAL:
        problems.append(
            _("The customer's weights must sum to 100; these sum to %(total)s.") % {"total": total}
        )
    return problems


def _summary(rows: Sequence[CriterionInput] | Sequence[DecisionCriterion]) -> str:
    return ", ".join(
        f"{row.other_label or row.criterion} {row.weight}/{row.our_score}/{row.competitor_score}"
        for row in rows
    )


@transaction.atomic
def decision_criteria_replace(
    *, account: Account, actor: User, rows: Sequence[CriterionInput]
) -> list[DecisionCriterion]:
    """Replace the account's decision criteria with `rows`, in their order.

    The weights of a non-empty set must sum to 100; an empty set clears the criteria.
    """
    if problems := _criterion_problems(rows):
        raise ValidationError({"criteria": problems})
    locked = _lock(account)
    old = list(DecisionCriterion.objects.filter(account=locked))
    new = [
        DecisionCriterion(
            account=locked,
            criterion=row.criterion,
            other_label=row.other_label.strip() if row.criterion == Criterion.OTHER else "",
            weight=row.weight,
            our_score=row.our_score,
            competitor_score=row.competitor_score,
            best_competitor=row.best_competitor,
            note=row.note.strip(),
            position=position,
            updated_by=actor,
        )
        for position, row in enumerate(rows)
    ]
    for criterion in new:
        criterion.full_clean()
    DecisionCriterion.objects.filter(account=locked).delete()
    created = DecisionCriterion.objects.bulk_create(new)
    timeline_record(
        account=locked,
        kind=EventKind.DECISION_CRITERIA_CHANGED,
        actor=actor,
        data={
            "criteria": [
                {"criterion": c.criterion, "label": c.other_label, "weight": c.weight}
                for c in created
            ]
        },
    )
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=locked,
        field="decision_criteria",
        old=_summary(old),
        new=_summary(created),
    )
    return created
