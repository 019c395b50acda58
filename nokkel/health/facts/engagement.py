"""Engagement and team-coverage facts: logged contacts, the people, the plan and the team.

Dated as follows: interactions by `happened_at`; a contact's leaving by `left_on`; a
contact's sentiment only once its last change is on or before the date (the sentiment
itself is not dated, so a later change cannot be read backwards); plans by when they were
activated and archived; team memberships by `started_on` and `ended_on`. Contacts carry no
start date: a person recorded today is taken to have been there, but met only when an
interaction dated back then says so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Case, Count, Max, Q, Value, When

from nokkel.accounts.models import Contact, RelationshipForm, Sentiment, TeamMembership
from nokkel.activities.models import Interaction
from nokkel.health.facts.accounts import AccountState, Batch, as_batch, cutoff, local_days
from nokkel.health.facts.sql import AsText, TextJoin
from nokkel.health.scoring import KEY_ROLES, EngagementFacts, KeyPerson, Thresholds
from nokkel.plans.cadence import default_cadence_days
from nokkel.plans.models import CustomerPlan, PlanStatus
from nokkel.plans.selectors import cadence_table


@dataclass(frozen=True)
class PlanAsOf:
    cadence_days: int | None
    next_review_on: date | None


def active_plans(*, batch: Batch, as_of: date) -> dict[int, PlanAsOf]:
    """The plan in force on the date, per account. One query."""
    moment = cutoff(as_of)
    in_force = Q(status=PlanStatus.ACTIVE) & (
        Q(activated_at__lt=moment) | Q(activated_at__isnull=True, created_at__lt=moment)
    )
    archived_since = Q(status=PlanStatus.ARCHIVED, activated_at__lt=moment, archived_at__gte=moment)
    plans: dict[int, PlanAsOf] = {}
    rows = batch.filter(CustomerPlan.objects.filter(in_force | archived_since)).order_by(
        "activated_at"
    )
    for account_id, cadence, review in rows.values_list(
        "account_id", "cadence_days", "next_review_on"
    ):
        if account_id in batch:
            plans[account_id] = PlanAsOf(cadence, review)
    return plans


def team_sizes(*, batch: Batch, as_of: date) -> dict[int, int]:
    """Team members (besides the KAM and deputy) on the account on the date. One query."""
    rows = (
        batch.filter(TeamMembership.objects.filter(started_on__lte=as_of))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
        .values("account_id")
        .annotate(members=Count("user_id", distinct=True))
        .order_by()
        .values_list("account_id", "members")
    )
    return {pk: members for pk, members in rows if pk in batch}


def _last_contacts(batch: Batch, moment: datetime) -> dict[int, date]:
    rows = (
        batch.filter(Interaction.objects.filter(happened_at__lt=moment))
        .values("account_id")
        .annotate(last=Max("happened_at"))
        .order_by()
        .values_list("account_id", "last")
    )
    local_day = local_days()
    return {pk: local_day(last) for pk, last in rows if pk in batch}


def _engaged_counts(batch: Batch, moment: datetime, days: int) -> dict[int, int]:
    rows = (
        batch.filter(
            Interaction.objects.filter(
                happened_at__lt=moment, happened_at__gte=moment - timedelta(days=days)
            )
        )
        .values("account_id")
        .annotate(people=Count("contacts", distinct=True))
        .order_by()
        .values_list("account_id", "people")
    )
    return {pk: people for pk, people in rows if pk in batch and people}


def _forms_in_texts(texts: str) -> set[str]:
    """The relationship forms named in joined JSON lists, read without decoding each."""
    return {form for form in RelationshipForm.values if f'"{form}"' in texts}


def _forms_in_use(batch: Batch, moment: datetime, as_of: date, days: int) -> dict[int, set[str]]:
    """Forms used in contacts logged in the window, and the forms of the people still at
    the customer. Two queries, one row per account each."""
    forms: dict[int, set[str]] = {}
    recent = batch.filter(
        Interaction.objects.filter(
            happened_at__lt=moment, happened_at__gte=moment - timedelta(days=days)
        )
    )
    people = batch.filter(Contact.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=as_of)))
    for rows in (recent, people):
        joined = (
            rows.values("account_id")
            .annotate(forms=TextJoin(AsText("relationship_forms")))
            .order_by()
            .values_list("account_id", "forms")
        )
        for pk, texts in joined:
            if pk in batch and texts:
                forms.setdefault(pk, set()).update(_forms_in_texts(texts))
    return forms


def _key_people_engaged(batch: Batch, moment: datetime) -> dict[tuple[int, int], date]:
    """{(account, contact): the newest contact with that decision maker or champion}."""
    rows = (
        batch.filter(
            Interaction.objects.filter(happened_at__lt=moment, contacts__buying_role__in=KEY_ROLES)
        )
        .values("account_id", "contacts")
        .annotate(last=Max("happened_at"))
        .order_by()
        .values_list("account_id", "contacts", "last")
    )
    local_day = local_days()
    return {(pk, contact): local_day(last) for pk, contact, last in rows if pk in batch}


def engagement_facts(
    *,
    account_ids: Collection[int] | Batch,
    as_of: date,
    states: Mapping[int, AccountState],
    classes: Callable[[], Mapping[int, str]],
    plans: Mapping[int, PlanAsOf],
    detractors: Mapping[int, Collection[int]] | None = None,
    thresholds: Thresholds | None = None,
) -> dict[int, EngagementFacts | None]:
    """Per account, None when it has no logged contact and came into Nøkkel after the date
    (nothing to measure a silence from). Six queries; `detractors` are contact ids per
    account from the voice of the customer."""
    batch = as_batch(account_ids)
    thresholds = thresholds or Thresholds()
    moment = cutoff(as_of)
    table = cadence_table()
    last = _last_contacts(batch, moment)
    engaged = _engaged_counts(batch, moment, thresholds.engaged_days)
    forms = _forms_in_use(batch, moment, as_of, thresholds.forms_days)
    met = _key_people_engaged(batch, moment)
    people: dict[int, list[KeyPerson]] = {}
    role_met: dict[int, dict[str, date]] = {}
    critic_known = Case(
        When(sentiment=Sentiment.CRITIC, updated_at__lt=moment, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    key_people = (
        batch.filter(Contact.objects.filter(buying_role__in=KEY_ROLES))
        .annotate(critic=critic_known)
        .values_list("pk", "account_id", "name", "buying_role", "left_on", "critic")
    )
    for pk, account_id, name, role, left_on, critic in key_people:
        if account_id not in batch:
            continue
        gone = left_on is not None and left_on <= as_of
        surveyed = detractors is not None and pk in detractors.get(account_id, ())
        people.setdefault(account_id, []).append(
            KeyPerson(pk, name, role, left_on if gone else None, bool(critic) or surveyed)
        )
        seen = met.get((account_id, pk))
        if seen is not None and not gone:
            roles = role_met.setdefault(account_id, {})
            roles[role] = max(roles.get(role, seen), seen)

    class_of = classes()
    facts: dict[int, EngagementFacts | None] = {}
    for pk in batch.ids:
        state = states.get(pk)
        if state is None or (pk not in last and state.registered_on > as_of):
            facts[pk] = None
            continue
        plan = plans.get(pk)
        from_plan = plan is not None and plan.cadence_days is not None
        cadence = (
            plan.cadence_days
            if plan is not None and plan.cadence_days is not None
            else default_cadence_days(
                abc_class=class_of.get(pk, ""), is_key_account=state.is_key_account, table=table
            )
        )
        facts[pk] = EngagementFacts(
            is_key_account=state.is_key_account,
            cadence_days=cadence,
            cadence_from_plan=from_plan,
            last_contact_on=last.get(pk),
            registered_on=state.registered_on,
            contacts_engaged=engaged.get(pk, 0),
            relationship_forms=frozenset(forms.get(pk, ())),
            key_people=tuple(people.get(pk, ())),
            role_last_engaged=role_met.get(pk, {}),
        )
    return facts
