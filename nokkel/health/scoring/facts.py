"""The dated facts each health component reads, as plain values.

Every value here was known as of the date the facts were gathered for; gathering them
(nokkel.health.facts) is where "known as of" is decided, so the scoring never sees the
future and never asks a clock. A component whose facts are None is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

# Component keys, in the order they are shown.
VOLUME = "volume"
ENGAGEMENT = "engagement"
VOICE = "voice"
COMMERCIAL = "commercial"
COVERAGE = "coverage"
COMPONENTS = (VOLUME, ENGAGEMENT, VOICE, COMMERCIAL, COVERAGE)

# Buying roles whose loss or hostility puts the relationship at risk.
DECISION_MAKER = "decision_maker"
CHAMPION = "champion"
KEY_ROLES = (DECISION_MAKER, CHAMPION)


@dataclass(frozen=True)
class VolumeFacts:
    """Parcels per whole month before the as-of month, oldest first (usually 24 months).

    Months without shipments are 0. `last_month` is the newest month in the series.
    """

    monthly_parcels: tuple[int, ...]
    last_month: date


@dataclass(frozen=True)
class KeyPerson:
    """A decision maker or champion at the account, as known on the date."""

    contact_id: int
    name: str
    role: str  # DECISION_MAKER or CHAMPION
    left_on: date | None = None  # None while still at the company
    # A critic by the KAM's own judgement, or a detractor (NPS 0–6) in their latest answer.
    detractor: bool = False


@dataclass(frozen=True)
class EngagementFacts:
    is_key_account: bool
    cadence_days: int  # the plan's cadence, else the default for the account's class
    cadence_from_plan: bool
    last_contact_on: date | None  # the newest logged contact on or before the date
    registered_on: date  # the account came into Nøkkel; "no contact" counts from here
    contacts_engaged: int  # distinct contacts present at contacts in the recent window
    relationship_forms: frozenset[str] = frozenset()  # in use: recent contacts, active people
    key_people: tuple[KeyPerson, ...] = ()
    # The newest contact with an active person of each key role (to see a replacement met).
    role_last_engaged: Mapping[str, date] = field(default_factory=dict)


@dataclass(frozen=True)
class SurveyReading:
    """One survey campaign as the account answered it."""

    answered_on: date
    nps: float | None  # −100..100
    customer_gap: float | None  # perception − expectation, weighted over the areas
    worst_area: str | None = None  # the area with the lowest gap
    worst_area_gap: float | None = None


@dataclass(frozen=True)
class VoiceFacts:
    readings: tuple[SurveyReading, ...]  # oldest first


@dataclass(frozen=True)
class LostDeal:
    closed_on: date
    reason: str  # a pipeline LostReason code


@dataclass(frozen=True)
class CommercialFacts:
    """What is known of contracts, deals and complaints. A None part is unknown, not good."""

    # The next notice deadline on or after the date; None when no running contract has one.
    notice_deadline: date | None = None
    contracts_known: bool = False
    renewal_activity_on: date | None = None  # the newest sign of renewal work
    lost_deals: tuple[LostDeal, ...] | None = None  # None: no pipeline to ask
    price_complaints: tuple[date, ...] = ()  # logged contacts that complain about price


@dataclass(frozen=True)
class CoverageFacts:
    kam_assigned: bool
    deputy_assigned: bool
    team_members: int  # other members of the account team (operations, IT, ...)
    plan_active: bool | None  # None: no plans to ask
    plan_review_on: date | None = None  # the active plan's next review


@dataclass(frozen=True)
class HealthFacts:
    """Everything the score reads for one account as of one date.

    `left_out` says, per component whose facts are None, why (a reason code).
    """

    account_id: int
    volume: VolumeFacts | None = None
    engagement: EngagementFacts | None = None
    voice: VoiceFacts | None = None
    commercial: CommercialFacts | None = None
    coverage: CoverageFacts | None = None
    left_out: Mapping[str, str] = field(default_factory=dict)

    def of(self, key: str) -> object | None:
        return getattr(self, key)
