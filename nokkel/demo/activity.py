"""The demo's working history: two years of logged contacts, open follow-ups and a few
planned meetings, so My day, the cadence and the health score have something to read.

The lost key account's story is told here too: contact thins out, its champion leaves,
the decision maker turns critical, and the last meeting is a complaint about price.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from nokkel.accounts.models import Account, Contact
from nokkel.accounts.services import contact_update
from nokkel.activities.services import follow_up_create, interaction_log
from nokkel.users.models import User

SEED = 4711
KINDS = ("meeting", "phone", "phone", "email", "video", "site_visit", "business_review", "social")
SUMMARIES: tuple[tuple[str, dict[str, str]], ...] = (
    ("Gjennomgang av leveransekvalitet forrige måned", {"accuracy": "positive"}),
    ("Klage på forsinkede pakker til Nord-Norge", {"accuracy": "negative"}),
    ("Diskuterte helgelevering før julesesongen", {"adaptation": "positive"}),
    ("Spørsmål om returløsning i nettbutikken", {"adaptation": "neutral"}),
    ("Kunden savnet svar fra kundeservice i to dager", {"availability": "negative"}),
    ("Råd om emballasje og volumvekt", {"advice": "positive"}),
    ("Planla kapasitet for Black Friday", {"advice": "positive", "adaptation": "positive"}),
    ("Oppfølging av integrasjon mot nettbutikkplattformen", {"adaptation": "neutral"}),
    ("Kvartalsvis gjennomgang av volum og priser", {}),
    ("Lunsj med innkjøpsansvarlig", {}),
)
FOLLOW_UPS = (
    "Send oppdatert prisliste",
    "Book kvartalsmøte",
    "Sjekk leveransetid til Tromsø",
    "Send forslag til returløsning",
    "Ring om julevolum",
)


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 15), rng.choice((0, 30)))))


def demo_activity_load(
    *,
    accounts: list[Account],
    lost: Account,
    left_on: dict[int, date],
    first_month: date,
    today: date,
) -> int:
    """Log the history; returns the number of interactions. Deterministic for a given today."""
    rng = random.Random(SEED)
    contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(account__in=accounts).order_by("pk"):
        contacts.setdefault(contact.account_id, []).append(contact)
    logged = 0
    for account in accounts:
        if account.kam is None or account.status == "prospect":
            continue
        kam: User = account.kam
        end = left_on.get(account.pk, today)
        if account.pk == lost.pk:
            end = _lost_story(account, contacts.get(account.pk, []), first_month, end, rng)
        # Key accounts have a full history; the others a contact or two in the last year.
        gap = (7, 27) if account.is_key_account else (120, 240)
        start = first_month if account.is_key_account else end - timedelta(days=365)
        day = start + timedelta(days=rng.randint(0, gap[1]))
        while day < end - timedelta(days=1):
            summary, areas = rng.choice(SUMMARIES)
            present = [c for c in contacts.get(account.pk, []) if c.active]
            interaction_log(
                account=account,
                author=kam,
                kind=rng.choice(KINDS),
                happened_at=_at(day, rng),
                summary=summary,
                contacts=rng.sample(present, k=min(len(present), rng.randint(1, 2))),
                key_areas=areas,
                confidential=rng.random() < 0.05,
            )
            logged += 1
            day += timedelta(days=rng.randint(*gap))
        if account.pk not in left_on and account.is_key_account and rng.random() < 0.6:
            due = today + timedelta(days=rng.randint(-6, 9))
            follow_up_create(account=account, actor=kam, title=rng.choice(FOLLOW_UPS), due_on=due)
        if account.pk not in left_on and account.is_key_account and rng.random() < 0.25:
            interaction_log(
                account=account,
                author=kam,
                kind="meeting",
                happened_at=_at(today + timedelta(days=rng.randint(1, 6)), rng),
                summary="Planlagt møte om neste års avtale",
            )
    return logged


def _lost_story(
    account: Account, people: list[Contact], first_month: date, left: date, rng: random.Random
) -> date:
    """The champion leaves and the decision maker sours; the last contacts are far apart.

    Returns the day after which nothing more is logged by the routine history.
    """
    quiet_from = left - timedelta(days=160)
    champion = next((c for c in people if c.buying_role == "champion"), None)
    decision_maker = next((c for c in people if c.buying_role == "decision_maker"), None)
    kam = account.kam
    assert kam is not None
    if champion is not None:
        contact_update(
            contact=champion,
            actor=kam,
            data={"active": False, "left_on": quiet_from - timedelta(days=30)},
        )
    if decision_maker is not None:
        contact_update(contact=decision_maker, actor=kam, data={"sentiment": "critic"})
    interaction_log(
        account=account,
        author=kam,
        kind="phone",
        happened_at=_at(quiet_from + timedelta(days=45), rng),
        summary="Innkjøpssjefen sier Posten/Bring har gitt et bedre pristilbud",
        contacts=[decision_maker] if decision_maker else [],
        key_areas={"advice": "negative"},
    )
    return quiet_from


PLAN_GOALS = (
    "Vokse i Norden uten å øke leveringstiden; færre returer.",
    "Levere neste dag i hele landet og tilby hentested nær kundene.",
    "Bedre kundeopplevelse i julesesongen og lavere fraktkostnad per ordre.",
)
OBJECTIVES = (
    ("Øke andelen pakker hos oss til 70 %", "Andel av kundens pakker (behovsanalysen)"),
    ("Levere 98 % til avtalt tid", "Punktlighet per måned"),
    ("Integrasjon mot nettbutikkplattformen i drift", "Integrasjon satt i produksjon"),
)


def demo_plans_load(*, accounts: list[Account], left_on: dict[int, date], today: date) -> int:
    """An active customer plan for most key accounts that are still customers."""
    from nokkel.plans.services import action_add, objective_add, plan_activate, plan_create

    rng = random.Random(SEED + 1)
    count = 0
    for account in accounts:
        if not account.is_key_account or account.pk in left_on or account.kam is None:
            continue
        if account.status != "customer" or rng.random() < 0.2:
            continue
        kam = account.kam
        plan = plan_create(
            account=account,
            actor=kam,
            data={
                "period_start": date(today.year, 1, 1),
                "period_end": date(today.year + 1, 12, 31),
                "customer_goals": rng.choice(PLAN_GOALS),
                "relationship_forms": sorted(
                    rng.sample(["professional", "technological", "formal", "social"], k=3)
                ),
                "next_review_on": today + timedelta(days=rng.randint(-10, 60)),
            },
        )
        plan = plan_activate(plan=plan, actor=kam)
        for title, measure in rng.sample(OBJECTIVES, k=2):
            objective = objective_add(
                plan=plan,
                actor=kam,
                data={
                    "title": title,
                    "measure": measure,
                    "owner": kam,
                    "due_on": today + timedelta(days=rng.randint(30, 300)),
                    "status": rng.choice(["not_started", "on_track", "at_risk"]),
                    "progress": rng.choice([0, 20, 40, 60]),
                },
            )
            action_add(
                plan=plan,
                actor=kam,
                data={
                    "title": rng.choice(FOLLOW_UPS),
                    "objective": objective,
                    "owner": kam,
                    "due_on": today + timedelta(days=rng.randint(-5, 40)),
                },
            )
        count += 1
    return count
