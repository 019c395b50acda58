"""Engagement: are we in touch, with enough people, in enough ways, and with the right ones?

- Recency: days since the last logged contact against the cadence (the plan's, else the
  default for the account's class). An account never contacted counts from the day it came
  into Nøkkel.
- Breadth: contacts met in the last `engaged_days`; fewer than two is single-threaded, one
  person leaving takes the relationship along.
- Key people: a decision maker or champion who left recently and whose role nobody has been
  met in since, or one who is a detractor.
- Relationship forms in use (professional, technological, formal, social): a healthy key
  account uses several.
"""

from __future__ import annotations

from datetime import date, timedelta

from nokkel.health.scoring.facts import ENGAGEMENT, EngagementFacts, KeyPerson
from nokkel.health.scoring.results import ComponentScore, Reason, Thresholds

SHARES = {"recency": 0.45, "breadth": 0.25, "people": 0.15, "forms": 0.15}
BREADTH_SCORES = (0, 35, 80, 100)  # 0, 1, 2, 3+ contacts engaged
FORMS_SCORES = (20, 45, 75, 100)  # 0, 1, 2, 3+ relationship forms in use
DETRACTOR_SCORE = 30


def days_without_contact(facts: EngagementFacts, as_of: date) -> tuple[int, bool]:
    """Days since the last contact (or since the account came into Nøkkel), and whether
    there has ever been a contact."""
    if facts.last_contact_on is not None:
        return max((as_of - facts.last_contact_on).days, 0), True
    return max((as_of - facts.registered_on).days, 0), False


def recency_score(days: int, cadence: int) -> float:
    if days <= cadence:
        return 100.0
    if 2 * days <= 3 * cadence:
        return 75.0
    if days <= 2 * cadence:
        return 45.0
    return 10.0


def departed_key_people(
    facts: EngagementFacts, as_of: date, thresholds: Thresholds
) -> list[KeyPerson]:
    """Decision makers and champions who left within `key_person_days`, when nobody in the
    same role has been met since they left."""
    since = as_of - timedelta(days=thresholds.key_person_days)
    gone = []
    for person in facts.key_people:
        if person.left_on is None or not since <= person.left_on <= as_of:
            continue
        met = facts.role_last_engaged.get(person.role)
        if met is None or met < person.left_on:
            gone.append(person)
    return gone


def detractors(facts: EngagementFacts) -> list[KeyPerson]:
    return [p for p in facts.key_people if p.detractor and p.left_on is None]


def _contact_reason(facts: EngagementFacts, days: int, ever: bool) -> Reason:
    params: dict[str, int | str | date | None] = {"days": days, "cadence": facts.cadence_days}
    if ever:
        params["last"] = facts.last_contact_on
        return Reason("engagement_last_contact", params, ENGAGEMENT, step="book_meeting")
    params["since"] = facts.registered_on
    return Reason("engagement_never_contacted", params, ENGAGEMENT, step="book_meeting")


def score_engagement(facts: EngagementFacts, as_of: date, thresholds: Thresholds) -> ComponentScore:
    days, ever = days_without_contact(facts, as_of)
    engaged = facts.contacts_engaged
    forms = len(facts.relationship_forms)
    gone = departed_key_people(facts, as_of, thresholds) if facts.key_people else []
    hostile = detractors(facts) if facts.key_people and not gone else []
    values = {
        "recency": recency_score(days, facts.cadence_days),
        "breadth": float(BREADTH_SCORES[min(engaged, len(BREADTH_SCORES) - 1)]),
        "people": 0.0 if gone else float(DETRACTOR_SCORE) if hostile else 100.0,
        "forms": float(FORMS_SCORES[min(forms, len(FORMS_SCORES) - 1)]),
    }
    score = sum(SHARES[name] * value for name, value in values.items())
    if score >= 100:
        ok = Reason("engagement_ok", {"days": days, "contacts": engaged}, ENGAGEMENT)
        return ComponentScore(ENGAGEMENT, 100, ok)
    # The part that costs the most explains the component; only its reason is made.
    worst = max(values, key=lambda name: SHARES[name] * (100.0 - values[name]))
    if worst == "recency":
        reason = _contact_reason(facts, days, ever)
    elif worst == "breadth":
        reason = Reason(
            "engagement_single_threaded" if engaged < 2 else "engagement_contacts",
            {"contacts": engaged, "days": thresholds.engaged_days},
            ENGAGEMENT,
            step="meet_more_people",
        )
    elif worst == "people" and gone:
        person = gone[0]
        reason = Reason(
            f"engagement_{person.role}_left",
            {"name": person.name, "left_on": person.left_on},
            ENGAGEMENT,
            step=f"meet_new_{person.role}",
        )
    elif worst == "people":
        person = hostile[0]
        reason = Reason(
            f"engagement_{person.role}_detractor",
            {"name": person.name},
            ENGAGEMENT,
            step="meet_detractor",
        )
    else:
        reason = Reason(
            "engagement_forms",
            {"forms": forms, "names": ", ".join(sorted(facts.relationship_forms))},
            ENGAGEMENT,
            step="widen_relationship",
        )
    return ComponentScore(ENGAGEMENT, round(score), reason)


def no_contact_override(
    facts: EngagementFacts, as_of: date, thresholds: Thresholds
) -> Reason | None:
    """Red when a key account has had no contact for more than 2 × its cadence."""
    if not facts.is_key_account:
        return None
    days, ever = days_without_contact(facts, as_of)
    if days <= thresholds.no_contact_factor * facts.cadence_days:
        return None
    reason = _contact_reason(facts, days, ever)
    return Reason(
        "override_no_contact" if ever else "override_never_contacted",
        reason.params,
        ENGAGEMENT,
        step="book_meeting",
    )


def key_person_override(
    facts: EngagementFacts, as_of: date, thresholds: Thresholds
) -> Reason | None:
    """Red when the decision maker or the champion is a detractor or has left."""
    if not facts.key_people:
        return None
    gone = departed_key_people(facts, as_of, thresholds)
    if gone:
        person = gone[0]
        return Reason(
            f"override_{person.role}_left",
            {"name": person.name, "left_on": person.left_on},
            ENGAGEMENT,
            step=f"meet_new_{person.role}",
        )
    hostile = detractors(facts)
    if hostile:
        person = hostile[0]
        return Reason(
            f"override_{person.role}_detractor",
            {"name": person.name},
            ENGAGEMENT,
            step="meet_detractor",
        )
    return None
