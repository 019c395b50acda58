"""Logging interactions and keeping follow-ups. Each change writes the timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, Contact, RelationshipForm
from nokkel.activities.models import (
    AreaSentiment,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionSource,
    KeyArea,
)
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_events_conceal, timeline_record
from nokkel.users.models import User

SUMMARY_ON_TIMELINE = 200


def _check_choices(
    key_areas: Mapping[str, str], relationship_forms: Sequence[str]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    unknown_areas = set(key_areas) - set(KeyArea.values)
    bad_sentiments = set(key_areas.values()) - set(AreaSentiment.values)
    if unknown_areas or bad_sentiments:
        errors["key_areas"] = [
            _("Key areas are %(areas)s, each with a sentiment of %(sentiments)s.")
            % {
                "areas": ", ".join(KeyArea.values),
                "sentiments": ", ".join(AreaSentiment.values),
            }
        ]
    unknown_forms = set(relationship_forms) - set(RelationshipForm.values)
    if unknown_forms:
        errors["relationship_forms"] = [
            _("Unknown relationship form: %(forms)s.") % {"forms": ", ".join(sorted(unknown_forms))}
        ]
    return errors


def _check_people(account: Account, contacts: Sequence[Contact]) -> dict[str, list[str]]:
    strangers = [c.name for c in contacts if c.account_id != account.pk]
    if strangers:
        return {
            "contacts": [
                _("%(names)s do not work at %(account)s.")
                % {"names": ", ".join(strangers), "account": account.name}
            ]
        }
    return {}


@transaction.atomic
def interaction_log(
    *,
    account: Account,
    author: User,
    kind: str,
    happened_at: datetime,
    summary: str,
    contacts: Sequence[Contact] = (),
    participants: Sequence[User] = (),
    outcome: str = "",
    next_step: str = "",
    relationship_forms: Sequence[str] = (),
    key_areas: Mapping[str, str] | None = None,
    confidential: bool = False,
    source: str = InteractionSource.MANUAL,
    email_message_id: str = "",
) -> Interaction:
    """Record a contact with the customer; it feeds the timeline, the cadence and the health score.

    `happened_at` may be in the past (back-filled history).
    """
    areas = dict(key_areas or {})
    errors = _check_choices(areas, relationship_forms) | _check_people(account, contacts)
    if errors:
        raise ValidationError(errors)
    interaction = Interaction(
        account=account,
        author=author,
        kind=kind,
        happened_at=happened_at,
        summary=summary.strip(),
        outcome=outcome.strip(),
        next_step=next_step.strip(),
        relationship_forms=sorted(set(relationship_forms)),
        key_areas=areas,
        confidential=confidential,
        source=source,
        email_message_id=email_message_id,
    )
    interaction.full_clean()
    interaction.save()
    interaction.contacts.set(contacts)
    interaction.participants.set(participants)
    timeline_record(
        account=account,
        kind=EventKind.INTERACTION_LOGGED,
        actor=author,
        happened_at=happened_at,
        confidential=confidential,
        data={
            "interaction": interaction.pk,
            "kind": kind,
            "summary": interaction.summary[:SUMMARY_ON_TIMELINE],
            "contacts": [c.name for c in contacts],
        },
    )
    return interaction


INTERACTION_FIELDS = (
    "kind",
    "happened_at",
    "summary",
    "outcome",
    "next_step",
    "relationship_forms",
    "key_areas",
    "confidential",
)


@transaction.atomic
def interaction_update(
    *,
    interaction: Interaction,
    actor: User,
    data: Mapping[str, Any],
    contacts: Sequence[Contact] | None = None,
    participants: Sequence[User] | None = None,
) -> Interaction:
    """Correct a logged interaction (its account stays)."""
    unknown = set(data) - set(INTERACTION_FIELDS)
    if unknown:
        raise TypeError(f"Not interaction fields: {sorted(unknown)}")
    locked = (
        Interaction.objects.select_for_update(of=("self",))
        .select_related("account")
        .get(pk=interaction.pk)
    )
    was_confidential = locked.confidential
    for field, value in data.items():
        setattr(locked, field, value)
    errors = _check_choices(locked.key_areas, locked.relationship_forms)
    if contacts is not None:
        errors |= _check_people(locked.account, contacts)
    if errors:
        raise ValidationError(errors)
    locked.full_clean()
    locked.version += 1
    locked.save()
    if contacts is not None:
        locked.contacts.set(contacts)
    if participants is not None:
        locked.participants.set(participants)
    if locked.confidential != was_confidential:
        timeline_events_conceal(
            account=locked.account,
            ref_key="interaction",
            ref_id=locked.pk,
            concealed=locked.confidential,
        )
    return locked


@transaction.atomic
def follow_up_create(
    *,
    account: Account,
    actor: User,
    title: str,
    due_on: date,
    owner: User | None = None,
    interaction: Interaction | None = None,
    source: str = InteractionSource.MANUAL,
) -> FollowUp:
    follow_up = FollowUp(
        account=account,
        owner=owner or actor,
        title=title.strip(),
        due_on=due_on,
        interaction=interaction,
        source=source,
        created_by=actor,
    )
    follow_up.full_clean()
    follow_up.save()
    timeline_record(
        account=account,
        kind=EventKind.FOLLOW_UP_CREATED,
        actor=actor,
        confidential=bool(interaction and interaction.confidential),
        data={"title": follow_up.title, "due_on": due_on.isoformat()},
    )
    return follow_up


@transaction.atomic
def follow_up_complete(*, follow_up: FollowUp, actor: User) -> FollowUp:
    """Mark a follow-up done (one click from any list); doing it twice changes nothing."""
    locked = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("account")
        .get(pk=follow_up.pk)
    )
    if locked.status == FollowUpStatus.DONE:
        return locked
    locked.status = FollowUpStatus.DONE
    locked.completed_at = timezone.now()
    locked.save(update_fields=["status", "completed_at"])
    timeline_record(
        account=locked.account,
        kind=EventKind.FOLLOW_UP_DONE,
        actor=actor,
        data={"title": locked.title},
    )
    return locked


@transaction.atomic
def follow_up_update(*, follow_up: FollowUp, actor: User, data: Mapping[str, Any]) -> FollowUp:
    allowed = {"title", "due_on", "owner", "status"}
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"Not follow-up fields: {sorted(unknown)}")
    if data.get("status") == FollowUpStatus.DONE:
        follow_up = follow_up_complete(follow_up=follow_up, actor=actor)
        data = {k: v for k, v in data.items() if k != "status"}
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    for field, value in data.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def quick_log_commit(
    *,
    author: User,
    account: Account,
    kind: str,
    happened_at: datetime,
    summary: str,
    contacts: Sequence[Contact] = (),
    key_areas: Mapping[str, str] | None = None,
    follow_up_title: str = "",
    follow_up_due: date | None = None,
) -> tuple[Interaction, FollowUp | None]:
    """Save a quick log: the interaction and, when asked for, its follow-up; all or nothing."""
    interaction = interaction_log(
        account=account,
        author=author,
        kind=kind,
        happened_at=happened_at,
        summary=summary,
        contacts=contacts,
        key_areas=key_areas,
        source=InteractionSource.QUICK_LOG,
    )
    follow_up = None
    if follow_up_title.strip() and follow_up_due is not None:
        follow_up = follow_up_create(
            account=account,
            actor=author,
            title=follow_up_title,
            due_on=follow_up_due,
            interaction=interaction,
            source=InteractionSource.QUICK_LOG,
        )
    return interaction, follow_up
