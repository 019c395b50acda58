"""The demo's business side: opportunities, needs analyses and decision criteria, the cost
model, offers, contracts and two web leads, all through the apps' own services.

Dates are relative to `today` and every choice comes from a seeded generator, so the same
day gives the same business. A few accounts carry a story the pages should show:

- the lost key account's renewal was lost to Posten/Bring on price, a month before it left;
- Kari renewed one key account through an accepted offer (the new contract came from it),
  sent another an offer, and has a contract whose notice deadline nobody is working on;
- Ola's renewal offer is below the margin threshold and waits for Sara's approval;
- Nora has an offer in draft and a contract close to its notice deadline;
- some opportunities run ahead of (or behind) the customer's buying phase, so the board warns.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum
from django.utils import timezone, translation

from nokkel.accounts.models import Account, AccountStatus, Segment
from nokkel.agreements import contract_dates, margins
from nokkel.agreements.contract_services import contract_create
from nokkel.agreements.models import Contract, CostRate, Offer, WeightBand
from nokkel.agreements.selectors import cost_table
from nokkel.agreements.services import (
    ContractTerms,
    OfferLineInput,
    cost_rate_save,
    offer_accept,
    offer_create,
    offer_send,
    offer_submit,
)
from nokkel.competitors.models import Competitor
from nokkel.core.orgnr import org_number_check_digit
from nokkel.demo.portfolio import KAMS, LARGE, SMB
from nokkel.needs.models import Criterion, DecisionCriterion, NeedsAnalysis, WalletCarrier
from nokkel.needs.services import (
    CriterionInput,
    WalletShareInput,
    decision_criteria_replace,
    needs_analysis_record,
)
from nokkel.pipeline import phases
from nokkel.pipeline.forms import PRIVACY_TEXT
from nokkel.pipeline.lead_services import LeadSubmission, lead_receive, lead_rule_create
from nokkel.pipeline.models import Lead, LostReason, Opportunity, OpportunityKind
from nokkel.pipeline.routing import website_domain
from nokkel.pipeline.services import opportunity_create, opportunity_move
from nokkel.portfolio.windows import add_months
from nokkel.shipments.models import Service, ShipmentMonth
from nokkel.users.models import User

SEED = 8_642
POSTEN, POSTNORD = "Posten/Bring", "PostNord"
NORTH = "Nord-Norge"
NORTH_SURCHARGE = Decimal("1.25")
CENT = Decimal("0.01")
# What a parcel costs us, by service (NOK): the cost model when the database has none.
COSTS: dict[str, Decimal] = {
    Service.OVERNIGHT: Decimal("49.50"),
    Service.PICKUP_POINT: Decimal("33.50"),
    Service.EXPRESS: Decimal("116.00"),
    Service.WEEKEND: Decimal("74.00"),
    Service.RETURN: Decimal("53.00"),
}
HEAVY_OVERNIGHT = Decimal("71.00")  # overnight, 20–35 kg
PRICE_PER_PARCEL = 68  # NOK, roughly, to turn revenue into parcels

NEW, MORE = OpportunityKind.NEW_CUSTOMER, OpportunityKind.MORE_SERVICES
RENEWAL = OpportunityKind.RENEWAL
OPEN: tuple[str, ...] = phases.OPEN_PHASES  # identify … negotiation
# The buying phase that fits each of our phases on the way.
FITTING = {
    phases.IDENTIFY: phases.PROBLEM_RECOGNITION,
    phases.CONTACT: phases.INFORMATION_SEARCH,
    phases.NEEDS_ANALYSIS: phases.INFORMATION_SEARCH,
    phases.OFFER: phases.EVALUATION,
    phases.NEGOTIATION: phases.PURCHASE_DECISION,
    phases.WON: phases.POST_PURCHASE,
}


@dataclass(frozen=True)
class Deal:
    """One opportunity as it ends up: where we are, where the customer is, how it closed."""

    pool: str  # "prospect", "customer" (not a key account) or "key"
    kind: str
    title: str
    services: tuple[str, ...]
    phase: str
    buying: str = ""  # the customer's buying phase at the end; "" follows our phase
    age: int = 30  # days since it was opened
    closed_ago: int = 0  # won and lost: days since it closed
    reason: str = ""
    rival: str = ""
    note: str = ""


OVN, PUP, EXP, WKD, RET = (
    Service.OVERNIGHT,
    Service.PICKUP_POINT,
    Service.EXPRESS,
    Service.WEEKEND,
    Service.RETURN,
)
PR, IS, EV, PD, PP = phases.BUYING_PHASES
DEALS: dict[str, tuple[Deal, ...]] = {
    "kari": (
        Deal("prospect", NEW, "Nattlevering til hele landet", (OVN, PUP), phases.IDENTIFY, PR, 12),
        Deal("prospect", NEW, "Hentested og retur", (PUP, RET), phases.CONTACT, IS, 35),
        Deal(
            "prospect", NEW, "Overgang fra egen distribusjon", (OVN,), phases.NEEDS_ANALYSIS, EV, 60
        ),
        # Ahead of the customer: an offer to someone still searching for information.
        Deal("prospect", NEW, "Julesesongen med ekspress", (OVN, EXP), phases.OFFER, IS, 45),
        Deal("customer", MORE, "Helgelevering i tillegg", (WKD,), phases.NEGOTIATION, PD, 90),
        Deal("customer", MORE, "Returløsning i nettbutikken", (RET,), phases.CONTACT, PR, 20),
        Deal("key", MORE, "Ekspress til Nord-Norge", (EXP,), phases.WON, PP, 100, 9),
        Deal("customer", MORE, "Hentested i Trøndelag", (PUP,), phases.WON, PP, 200, 120),
        Deal(
            "prospect",
            NEW,
            "Nattlevering og retur",
            (OVN, RET),
            phases.LOST,
            age=210,
            closed_ago=70,
            reason=LostReason.PRICE,
            rival=POSTNORD,
            note="PostNord ga 8 % lavere pris på pakker under 1 kg.",
        ),
    ),
    "ola": (
        Deal("prospect", NEW, "Nattlevering fra nytt lager", (OVN,), phases.IDENTIFY, IS, 8),
        Deal("prospect", NEW, "Pakker til hentested", (PUP,), phases.CONTACT, PR, 25),
        Deal("customer", MORE, "Ekspress for reservedeler", (EXP,), phases.NEEDS_ANALYSIS, EV, 40),
        Deal("prospect", NEW, "Full distribusjonsavtale", (OVN, PUP, RET), phases.OFFER, PD, 70),
        # Behind the customer: it bought elsewhere while we still negotiate.
        Deal("customer", MORE, "Returer fra hele landet", (RET,), phases.NEGOTIATION, PP, 120),
        Deal("key", MORE, "Helgelevering i desember", (WKD,), phases.WON, PP, 160, 95),
        Deal(
            "customer",
            MORE,
            "Hentested i Nord-Norge",
            (PUP,),
            phases.LOST,
            age=230,
            closed_ago=150,
            reason=LostReason.DELIVERY_QUALITY,
            rival=POSTEN,
            note="Forsinkelser i november; Posten/Bring lovet levering innen kl. 16.",
        ),
        Deal(
            "prospect",
            NEW,
            "Nattlevering for nettbutikken",
            (OVN,),
            phases.LOST,
            age=80,
            closed_ago=18,
            reason=LostReason.PRICE,
            rival=POSTNORD,
            note="Valgte PostNord etter en anbudsrunde på pris.",
        ),
    ),
    "nora": (
        Deal("prospect", NEW, "Markedsplass med egne selgere", (OVN, PUP), phases.IDENTIFY, PR, 5),
        Deal("customer", MORE, "Retur for selgerne", (RET,), phases.CONTACT, IS, 30),
        Deal("customer", MORE, "Ekspress i Oslo", (EXP,), phases.NEEDS_ANALYSIS, EV, 45),
        # Ahead of the customer: it has not yet seen that it has a problem to solve.
        Deal("prospect", NEW, "Samlet frakt for markedsplassen", (OVN, PUP), phases.OFFER, PR, 50),
        Deal("prospect", NEW, "Nattlevering og hentested", (OVN, PUP), phases.NEGOTIATION, PD, 110),
        Deal("key", MORE, "Hentested for storkunder", (PUP,), phases.WON, PD, 80, 5),
        Deal(
            "key",
            MORE,
            "Levering til Sverige og Finland",
            (OVN,),
            phases.LOST,
            age=300,
            closed_ago=210,
            reason=LostReason.COVERAGE,
            rival=POSTNORD,
            note="Selgerne ønsket levering i hele Norden; PostNord dekker Sverige og Finland selv.",
        ),
        Deal(
            "prospect",
            NEW,
            "Frakt for bruktmarkedet",
            (PUP,),
            phases.LOST,
            age=360,
            closed_ago=300,
            reason=LostReason.PRICE,
            rival=POSTEN,
            note="Posten/Bring tilbød fast pris per pakke uansett vekt.",
        ),
    ),
}
# The first key accounts of each KAM (after the shuffle) have a role in the story; the
# rest draw from the "key" pool. Their deals: (KAM, index among the story keys, deal).
STORY_KEYS = 4
STORY_DEALS = (
    # Renewed: won when the customer accepted the offer (and the new contract came from it).
    ("kari", 0, Deal("key", RENEWAL, "Fornyelse av rammeavtalen", (OVN, PUP, RET), phases.WON,
                     PP, age=75, closed_ago=25)),
    ("kari", 1, Deal("key", RENEWAL, "Fornyelse av rammeavtalen", (OVN, PUP),
                     phases.NEGOTIATION, PD, age=50)),
    # Behind the sent offer.
    ("kari", 2, Deal("key", MORE, "Helgelevering og ekspress", (WKD, EXP), phases.OFFER, EV,
                     age=55)),
    # Behind the offer that waits for approval.
    ("ola", 0, Deal("key", RENEWAL, "Fornyelse med nye priser", (OVN, RET), phases.OFFER, EV,
                    age=40)),
    ("ola", 1, Deal("key", RENEWAL, "Fornyelse og helgelevering", (OVN, WKD),
                    phases.NEEDS_ANALYSIS, IS, age=30)),
    # Behind the draft offer.
    ("nora", 0, Deal("key", MORE, "Hentested og retur for selgerne", (PUP, RET),
                     phases.NEEDS_ANALYSIS, EV, age=35)),
)  # fmt: skip

PLATFORMS = ("Shopify", "WooCommerce", "Magento", "Centra", "Egen plattform", "Wix")
INTEGRATIONS = (
    "API mot ordresystemet",
    "Plugin i nettbutikken",
    "EDI via transportportal",
    "Etikettutskrift fra lagersystemet",
)
PAIN_POINTS = (
    "Forsinkelser til Nord-Norge i høysesongen; kundene ringer kundeservice.",
    "For mange returer uten sporing; vil ha returetikett i pakken.",
    "Trenger henting senere på dagen for å rekke nattlevering.",
    "Kundene vil velge hentested selv i kassen.",
    "Prisene ble vanskelige å sammenligne etter nytt drivstofftillegg.",
)
REGIONS = ("east", "south", "west", "central", "north")
CRITERIA_SETS: tuple[tuple[tuple[str, int], ...], ...] = (
    (
        (Criterion.PRICE, 30),
        (Criterion.DELIVERY_PRECISION, 25),
        (Criterion.COVERAGE, 15),
        (Criterion.RETURNS_HANDLING, 10),
        (Criterion.INTEGRATION, 10),
        (Criterion.CUSTOMER_SERVICE, 10),
    ),
    (
        (Criterion.DELIVERY_PRECISION, 25),
        (Criterion.PRICE, 20),
        (Criterion.DELIVERY_SPEED, 20),
        (Criterion.TRACKING, 15),
        (Criterion.CUSTOMER_SERVICE, 10),
        (Criterion.SUSTAINABILITY, 10),
    ),
    (
        (Criterion.PRICE, 25),
        (Criterion.COVERAGE, 20),
        (Criterion.INTEGRATION, 20),
        (Criterion.RETURNS_HANDLING, 15),
        (Criterion.ADVICE, 10),
        (Criterion.OTHER, 10),
    ),
)
# Per criterion: our score range, the best competitor's, and who that usually is.
SCORES: dict[str, tuple[tuple[int, int], tuple[int, int], str]] = {
    Criterion.PRICE: ((5, 7), (7, 9), POSTEN),
    Criterion.DELIVERY_PRECISION: ((7, 9), (6, 8), POSTEN),
    Criterion.DELIVERY_SPEED: ((8, 9), (6, 8), POSTNORD),
    Criterion.COVERAGE: ((6, 8), (8, 9), POSTNORD),
    Criterion.RETURNS_HANDLING: ((6, 8), (6, 8), POSTEN),
    Criterion.INTEGRATION: ((6, 9), (6, 8), POSTNORD),
    Criterion.CUSTOMER_SERVICE: ((7, 9), (5, 7), POSTEN),
    Criterion.SUSTAINABILITY: ((6, 8), (6, 8), POSTNORD),
    Criterion.TRACKING: ((6, 8), (7, 9), POSTEN),
    Criterion.ADVICE: ((7, 9), (5, 7), POSTEN),
    Criterion.OTHER: ((7, 9), (4, 7), POSTNORD),
}
CRITERION_NOTES: dict[str, str] = {
    Criterion.PRICE: "Posten/Bring tilbyr lavere pris på små pakker.",
    Criterion.COVERAGE: "PostNord leverer i hele Norden.",
}
CONTRACT_TERMS = {
    "service_levels": "Henting innen kl. 17 alle hverdager; avvik meldes samme dag.",
    "price_adjustment_terms": "Prisene justeres 1. januar etter SSBs konsumprisindeks.",
}


@dataclass(frozen=True)
class DemoBusiness:
    opportunities: int
    needs_analyses: int
    criteria_accounts: int
    cost_rates: int
    offers: int
    contracts: int
    leads: int

    @classmethod
    def now(cls) -> DemoBusiness:
        return cls(
            opportunities=Opportunity.objects.count(),
            needs_analyses=NeedsAnalysis.objects.count(),
            criteria_accounts=DecisionCriterion.objects.values("account").distinct().count(),
            cost_rates=CostRate.objects.count(),
            offers=Offer.objects.count(),
            contracts=Contract.objects.count(),
            leads=Lead.objects.count(),
        )


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _nok(value: float | Decimal, step: int = 10_000) -> Decimal:
    return Decimal(max(step, round(float(value) / step) * step))


def _kam(account: Account) -> User:
    if account.kam is None:
        raise ImproperlyConfigured(f"The demo account {account} has no KAM.")
    return account.kam


def _trailing(accounts: Sequence[Account], today: date) -> dict[int, tuple[int, Decimal]]:
    """Parcels and revenue in the 12 whole months before today's month, per account."""
    since = add_months(today.replace(day=1), -12)
    rows = (
        ShipmentMonth.objects.filter(
            account__in=[a.pk for a in accounts], month__gte=since, month__lt=today.replace(day=1)
        )
        .values("account")
        .annotate(parcels=Sum("parcels"), revenue=Sum("revenue"))
        .values_list("account", "parcels", "revenue")
    )
    return {pk: (int(parcels or 0), Decimal(revenue or 0)) for pk, parcels, revenue in rows}


def _monthly_by_service(accounts: Sequence[Account], today: date) -> dict[int, dict[str, int]]:
    """An ordinary month of our parcels per service (the last three months' average)."""
    since = add_months(today.replace(day=1), -3)
    rows = (
        ShipmentMonth.objects.filter(
            account__in=[a.pk for a in accounts], month__gte=since, month__lt=today.replace(day=1)
        )
        .values("account", "service")
        .annotate(parcels=Sum("parcels"))
        .order_by("account", "service")
        .values_list("account", "service", "parcels")
    )
    found: dict[int, dict[str, int]] = {}
    for pk, service, parcels in rows:
        found.setdefault(pk, {})[service] = round((parcels or 0) / 3)
    return found


# The cost model ---------------------------------------------------------------------------


def _cost_model_load(actor: User) -> None:
    """Costs per service, a Nord-Norge surcharge and heavy overnight parcels: only into an
    empty cost model, so a cost model someone keeps is never touched."""
    if CostRate.objects.exists():
        return
    rates = []
    for service, cost in COSTS.items():
        rates.append(CostRate(service=service, cost_per_parcel=cost))
        north = (cost * NORTH_SURCHARGE).quantize(CENT, ROUND_HALF_UP)
        rates.append(CostRate(service=service, zone=NORTH, cost_per_parcel=north))
    rates.append(
        CostRate(
            service=Service.OVERNIGHT,
            weight_band=WeightBand.UP_TO_35,
            cost_per_parcel=HEAVY_OVERNIGHT,
        )
    )
    for rate in rates:
        cost_rate_save(rate=rate, actor=actor)


# Needs analyses and decision criteria -----------------------------------------------------


def _wallet(rng: random.Random, posten: Competitor, postnord: Competitor) -> list[WalletShareInput]:
    us = rng.randint(45, 80)
    bring = round((100 - us) * rng.uniform(0.45, 0.7))
    nord = round((100 - us - bring) * rng.uniform(0.5, 0.85))
    others = 100 - us - bring - nord
    return [
        WalletShareInput(WalletCarrier.US, Decimal(us)),
        WalletShareInput(WalletCarrier.COMPETITOR, Decimal(bring), posten),
        WalletShareInput(WalletCarrier.COMPETITOR, Decimal(nord), postnord),
        WalletShareInput(WalletCarrier.OTHERS, Decimal(others)),
    ]


def _needs_load(
    *,
    account: Account,
    rng: random.Random,
    today: date,
    ours: dict[str, int],
    rivals: dict[str, Competitor],
) -> None:
    kam = _kam(account)
    wallet = _wallet(rng, rivals[POSTEN], rivals[POSTNORD])
    us = wallet[0].share
    # The customer's whole need: our parcels are our share of it.
    volumes = {service: round(parcels * 100 / us) for service, parcels in sorted(ours.items())}
    needs_analysis_record(
        account=account,
        actor=kam,
        recorded_on=today - timedelta(days=rng.randint(60, 150)),
        data={
            "peak_season": "November–desember (Black Friday og jul)",
            "regions": sorted(rng.sample(REGIONS, rng.randint(3, 5))),
            "returns_share": Decimal(rng.randint(4, 22)),
            "webshop_platform": rng.choice(PLATFORMS),
            "integration": rng.choice(INTEGRATIONS),
            "pain_points": rng.choice(PAIN_POINTS),
        },
        volumes=volumes,
        wallet=wallet,
    )
    criteria = []
    for criterion, weight in rng.choice(CRITERIA_SETS):
        (our_low, our_high), (their_low, their_high), rival = SCORES[criterion]
        criteria.append(
            CriterionInput(
                criterion=criterion,
                weight=weight,
                our_score=rng.randint(our_low, our_high),
                competitor_score=rng.randint(their_low, their_high),
                other_label="Helgelevering" if criterion == Criterion.OTHER else "",
                best_competitor=rivals[rival],
                note=CRITERION_NOTES.get(criterion, ""),
            )
        )
    decision_criteria_replace(account=account, actor=kam, rows=criteria)


# Contracts and offers ---------------------------------------------------------------------


def _contract(
    *,
    account: Account,
    rng: random.Random,
    today: date,
    end_on: date,
    notice_months: int = 3,
    auto_renewal: bool = False,
) -> Contract:
    """A contract in force today (or, for a leaver, that ran out) ending on `end_on`."""
    years = max(rng.choice((1, 2, 3)), (end_on - today).days // 365 + 1)
    start_on = contract_dates.add_months(end_on + timedelta(days=1), -12 * years)
    return contract_create(
        account=account,
        actor=_kam(account),
        data={
            "title": f"Rammeavtale pakkedistribusjon {start_on.year}–{end_on.year}",
            "start_on": start_on,
            "end_on": end_on,
            "notice_months": notice_months,
            "auto_renewal": auto_renewal,
            "on_time_target": Decimal(rng.choice(("97.00", "97.50", "98.00", "98.50"))),
            **CONTRACT_TERMS,
        },
    )


def _lines(
    ours: dict[str, int], services: Sequence[str], markup: str, north: bool = False
) -> list[OfferLineInput]:
    """Offer lines priced at `markup` × what the cost model says each parcel costs us."""
    table = cost_table()
    lines = []
    zones = ("", NORTH) if north else ("",)
    for service in services:
        for zone in zones:
            cost = margins.cost_lookup(table, service=service, zone=zone, weight_band="")
            cost = COSTS[service] if cost is None else cost
            # Whole or half kroner, as a price list reads.
            price = (cost * Decimal(markup) * 2).quantize(Decimal(1), ROUND_HALF_UP) / 2
            parcels = max(50, ours.get(service, 0))
            parcels = round(parcels * (0.12 if zone else 0.88)) if north else parcels
            lines.append(OfferLineInput(service, price, max(10, parcels), zone=zone))
    return lines


def _offers_load(
    *,
    roles: dict[str, list[Account]],
    ours: dict[int, dict[str, int]],
    today: date,
    ends: dict[int, date],
) -> None:
    """Four offers: accepted (with the contract it made), sent, waiting for approval, draft."""
    renewed, sent_to = roles["kari"][0], roles["kari"][2]
    pending_for, draft_for = roles["ola"][0], roles["nora"][0]
    common = {"language": "nb", "contract_months": 24}

    kari = _kam(renewed)
    start = ends[renewed.pk] + timedelta(days=1)
    accepted = offer_create(
        account=renewed,
        actor=kari,
        data={
            **common,
            "title": f"Fornyelse av rammeavtalen fra {start:%d.%m.%Y}",
            "valid_until": today - timedelta(days=10),
            "terms": CONTRACT_TERMS["price_adjustment_terms"],
        },
        lines=_lines(ours.get(renewed.pk, {}), (OVN, PUP, RET), "1.32", north=True),
    )
    accepted = offer_send(offer=accepted, actor=kari, today=today - timedelta(days=40))
    offer_accept(
        offer=accepted,
        actor=kari,
        today=today - timedelta(days=25),
        contract=ContractTerms(
            start_on=start,
            end_on=contract_dates.term_end(start_on=start, months=24),
            notice_months=3,
        ),
    )

    sent = offer_create(
        account=sent_to,
        actor=_kam(sent_to),
        data={
            **common,
            "title": "Helgelevering og ekspress",
            "valid_until": today + timedelta(days=18),
            "contract_months": 12,
        },
        lines=_lines(ours.get(sent_to.pk, {}), (WKD, EXP), "1.30"),
    )
    offer_send(offer=sent, actor=_kam(sent_to), today=today - timedelta(days=12))

    # The customer holds up a rival's price: the margin falls below the threshold.
    ola = _kam(pending_for)
    pending = offer_create(
        account=pending_for,
        actor=ola,
        data={
            **common,
            "title": "Fornyelse med prisnedslag på nattlevering",
            "valid_until": today + timedelta(days=30),
            "terms": "Prisnedslaget forutsetter at returene også sendes med oss.",
        },
        lines=_lines(ours.get(pending_for.pk, {}), (OVN, RET), "1.08"),
    )
    offer_submit(offer=pending, actor=ola, today=today - timedelta(days=3))

    offer_create(
        account=draft_for,
        actor=_kam(draft_for),
        data={
            **common,
            "title": "Hentested og retur for selgerne",
            "valid_until": today + timedelta(days=45),
        },
        lines=_lines(ours.get(draft_for.pk, {}), (PUP, RET), "1.28"),
    )


# Opportunities ----------------------------------------------------------------------------


def _days_between(first: date, last: date, count: int) -> list[date]:
    """`count` days from `first` to `last`, evenly spread, both ends included."""
    if count == 1:
        return [first]
    span = max((last - first).days, count - 1)
    return [first + timedelta(days=round(span * i / (count - 1))) for i in range(count)]


def _buying(step: str, final: str) -> str:
    """The buying phase that fits our step, never beyond where the customer ends up."""
    fitting = FITTING.get(step, "")
    if (
        final
        and fitting
        and phases.BUYING_PHASES.index(fitting) > phases.BUYING_PHASES.index(final)
    ):
        return final
    return fitting


def opportunity_play(
    *,
    account: Account,
    deal: Deal,
    opened: date,
    last: date,
    revenue: Decimal,
    close_on: date,
    lost_to: Competitor | None = None,
) -> Opportunity:
    """Open the opportunity and move it phase by phase up to where `deal` ends, the last
    move on `last`; the customer's buying phase moves along."""
    owner = _kam(account)
    first = phases.IDENTIFY if deal.kind == NEW else phases.CONTACT
    if deal.phase in OPEN:
        steps = list(OPEN[OPEN.index(first) : OPEN.index(deal.phase) + 1])
    else:
        reached = phases.NEGOTIATION if deal.kind == RENEWAL else phases.OFFER
        steps = [*OPEN[OPEN.index(first) : OPEN.index(reached) + 1], deal.phase]
    final_buying = deal.buying or FITTING.get(deal.phase, "")
    days = _days_between(opened, last, len(steps))
    opportunity = opportunity_create(
        account=account,
        actor=owner,
        created_at=_at(days[0], 9),
        phase=steps[0],
        buying_phase=_buying(steps[0], final_buying),
        data={
            "title": deal.title,
            "kind": deal.kind,
            "services": list(deal.services),
            "expected_parcels_per_month": max(50, int(revenue / 12 / PRICE_PER_PARCEL)),
            "annual_revenue": revenue,
            "expected_close_on": close_on,
        },
    )
    for number, (step, day) in enumerate(zip(steps[1:], days[1:], strict=True), start=1):
        is_last = number == len(steps) - 1
        lost = step == phases.LOST
        opportunity = opportunity_move(
            opportunity=opportunity,
            actor=owner,
            phase=step,
            moved_at=_at(day, 9 + number % 7),
            buying_phase=None
            if lost
            else (final_buying if is_last else _buying(step, final_buying)),
            lost_reason=deal.reason if lost else "",
            lost_to=lost_to if lost else None,
            lost_note=deal.note if lost else "",
        )
    return opportunity


class _Pools:
    """Accounts to draw opportunities from, per KAM, in a seeded order; reused when short."""

    def __init__(self, accounts: Sequence[Account], rng: random.Random, reserved: set[int]):
        self._pools: dict[tuple[str, str], Iterator[Account]] = {}
        for kam in KAMS:
            mine = [a for a in accounts if a.kam is not None and a.kam.username == kam]
            for pool, members in (
                ("prospect", [a for a in mine if a.status == AccountStatus.PROSPECT]),
                (
                    "customer",
                    [
                        a
                        for a in mine
                        if a.status == AccountStatus.CUSTOMER and not a.is_key_account
                    ],
                ),
                ("key", [a for a in mine if a.is_key_account and a.pk not in reserved]),
            ):
                members = [a for a in members if a.status != AccountStatus.FORMER]
                rng.shuffle(members)
                self._pools[kam, pool] = self._cycle(members, f"{kam} {pool}")

    @staticmethod
    def _cycle(members: list[Account], name: str) -> Iterator[Account]:
        if not members:
            raise ImproperlyConfigured(f"The demo has no {name} accounts for the pipeline.")
        while True:
            yield from members

    def take(self, kam: str, pool: str) -> Account:
        return next(self._pools[kam, pool])


def _revenue(
    rng: random.Random, account: Account, kind: str, trailing: dict[int, tuple[int, Decimal]]
) -> Decimal:
    yearly = trailing.get(account.pk, (0, Decimal(0)))[1]
    if kind == NEW or not yearly:
        return _nok(rng.uniform(150_000, 2_400_000))
    if kind == RENEWAL:
        return _nok(yearly)
    return _nok(max(60_000.0, float(yearly) * rng.uniform(0.12, 0.4)))


def _opportunities_load(
    *,
    accounts: Sequence[Account],
    roles: dict[str, list[Account]],
    ends: dict[int, date],
    rng: random.Random,
    today: date,
    trailing: dict[int, tuple[int, Decimal]],
    rivals: dict[str, Competitor],
) -> None:
    reserved = {a.pk for keys in roles.values() for a in keys[:STORY_KEYS]}
    pools = _Pools(accounts, rng, reserved)
    for kam in KAMS:
        # Open opportunities close over the coming year, about one a month per KAM.
        months = list(range(12))
        rng.shuffle(months)
        for deal in DEALS[kam]:
            account = pools.take(kam, deal.pool)
            opened = today - timedelta(days=deal.age)
            if deal.closed_ago:
                last = today - timedelta(days=deal.closed_ago)
                close_on = last
            else:
                last = today - timedelta(days=rng.randint(1, max(1, min(10, deal.age // 3))))
                close_on = today + timedelta(days=20 + 30 * months.pop() + rng.randint(0, 9))
            opportunity_play(
                account=account,
                deal=deal,
                opened=opened,
                last=last,
                revenue=_revenue(rng, account, deal.kind, trailing),
                close_on=close_on,
                lost_to=rivals.get(deal.rival),
            )
    _story_deals_load(roles=roles, ends=ends, rng=rng, today=today, trailing=trailing)


def _story_deals_load(
    *,
    roles: dict[str, list[Account]],
    ends: dict[int, date],
    rng: random.Random,
    today: date,
    trailing: dict[int, tuple[int, Decimal]],
) -> None:
    """The story accounts' deals: renewal work on contracts ending soon (not on all: some
    notice deadlines are missed), and the deals behind the sent and the draft offer."""
    for kam, index, deal in STORY_DEALS:
        account = roles[kam][index]
        if deal.closed_ago:
            last = today - timedelta(days=deal.closed_ago)
            close_on = last
        else:
            last = today - timedelta(days=rng.randint(2, 8))
            end = ends.get(account.pk)
            renewing = deal.kind == RENEWAL and end is not None
            close_on = end - timedelta(days=30) if end and renewing else today + timedelta(days=45)
        opportunity_play(
            account=account,
            deal=deal,
            opened=today - timedelta(days=deal.age),
            last=last,
            revenue=_revenue(rng, account, deal.kind, trailing),
            close_on=close_on,
        )


def _lost_renewal(*, account: Account, left: date, posten: Competitor) -> Opportunity:
    """The lost key account's renewal: negotiated through the spring, lost on price to
    Posten/Bring about a month before the customer left."""
    closed = left - timedelta(days=35)
    # What the renewal was worth: its revenue in the year before the volume began to move.
    moving_from = add_months(left.replace(day=1), -6)
    yearly = ShipmentMonth.objects.filter(
        account=account, month__gte=add_months(moving_from, -12), month__lt=moving_from
    ).aggregate(revenue=Sum("revenue"))["revenue"]
    deal = Deal(
        "key",
        RENEWAL,
        "Fornyelse av rammeavtalen",
        (OVN, PUP, RET),
        phases.LOST,
        "",
        reason=LostReason.PRICE,
        rival=POSTEN,
        note=(
            "Posten/Bring tilbød rundt 12 % lavere pris på nattlevering og hentested. Vi gikk "
            "ned 5 % i forhandlingen, men innkjøpssjefen valgte Posten/Bring. Kunden hadde "
            "allerede flyttet mesteparten av volumet før avtalen gikk ut."
        ),
    )
    return opportunity_play(
        account=account,
        deal=deal,
        opened=left - timedelta(days=150),
        last=closed,
        revenue=_nok(yearly or 1_000_000),
        close_on=closed,
        lost_to=posten,
    )


# Web leads --------------------------------------------------------------------------------


def _unused_org_number(rng: random.Random) -> str:
    # Starts with 3, like every demo number: valid by the mod-11 rule, clear of real ones.
    while True:
        first_eight = f"3{rng.randrange(10**7):07d}"
        check = org_number_check_digit(first_eight)
        number = f"{first_eight}{check}"
        if check is not None and not Account.objects.filter(org_number=number).exists():
            return number


def _lead_rules_load(actor: User) -> None:
    """Large senders go to Kari; the rest are small web shops, shared by Ola and Nora."""
    segments = {s.name: s for s in Segment.objects.filter(name__in=(LARGE, SMB))}
    kams = {u.username: u for u in User.objects.filter(username__in=KAMS)}
    lead_rule_create(
        actor=actor, segment=segments[LARGE], kams=[kams["kari"]], min_parcels_per_month=2_000
    )
    lead_rule_create(actor=actor, segment=segments[SMB], kams=[kams["ola"], kams["nora"]])


def _leads_load(
    *, accounts: Sequence[Account], actor: User, rng: random.Random, today: date
) -> None:
    """Routing rules, then one lead from an existing customer (matched by organisation
    number) and one from a new prospect, received through the web form in the last days."""
    _lead_rules_load(actor)
    known = [
        a
        for a in accounts
        if a.kam is not None
        and a.kam.username == "nora"
        and a.status == AccountStatus.CUSTOMER
        and not a.is_key_account
        and a.org_number
        and a.website
    ]
    existing = rng.choice(known)
    domain = website_domain(existing.website) or "kunde.example"
    with translation.override("nb"):
        consent = str(PRIVACY_TEXT)
        lead_receive(
            submission=LeadSubmission(
                company=existing.name,
                org_number=existing.org_number or "",
                contact_name="Siri Nilsen",
                email=f"siri.nilsen@{domain}",
                phone="+4791234567",
                parcels_per_month=400,
                services=(WKD, RET),
                message="Vi vurderer helgelevering og enklere retur fra nyttår. "
                "Kan dere gi oss et tilbud?",
                consent_text=consent,
            ),
            received_at=_at(today - timedelta(days=2), 13),
        )
        lead_receive(
            submission=LeadSubmission(
                company="Kobberhavn Interiør AS",
                org_number=_unused_org_number(rng),
                contact_name="Emil Aasen",
                email="emil.aasen@kobberhavn.example",
                phone="+4748123456",
                parcels_per_month=850,
                services=(OVN, PUP),
                message="Vi åpner nettbutikk i februar og trenger levering over hele landet, "
                "helst med hentested. Hva koster det?",
                consent_text=consent,
            ),
            received_at=_at(today - timedelta(days=1), 9),
        )


# The whole business -----------------------------------------------------------------------


def _rivals() -> dict[str, Competitor]:
    rivals = {c.name: c for c in Competitor.objects.filter(name__in=(POSTEN, POSTNORD))}
    if set(rivals) != {POSTEN, POSTNORD}:
        raise ImproperlyConfigured(
            "The demo needs the competitors Posten/Bring and PostNord (seeded by migration)."
        )
    return rivals


def _story_roles(accounts: Sequence[Account], rng: random.Random) -> dict[str, list[Account]]:
    """Each KAM's current key accounts, shuffled; the first STORY_KEYS play the story."""
    roles: dict[str, list[Account]] = {}
    for kam in KAMS:
        keys = [
            a
            for a in accounts
            if a.is_key_account
            and a.status == AccountStatus.CUSTOMER
            and a.kam is not None
            and a.kam.username == kam
        ]
        rng.shuffle(keys)
        if len(keys) < STORY_KEYS + 1:
            raise ImproperlyConfigured(f"The demo needs more key accounts for {kam}.")
        roles[kam] = keys
    return roles


def _contracts_load(
    *, roles: dict[str, list[Account]], rng: random.Random, today: date
) -> dict[int, date]:
    """Contracts for most key accounts; returns each one's end date.

    Three end within 90 days (one renewed by an accepted offer, two renewing by
    themselves); five more within 180 days, their notice deadlines close: three with
    renewal work under way, and two (Kari's and Nora's) that nobody is working on.
    """
    kari, ola, nora = roles["kari"], roles["ola"], roles["nora"]
    soon = {
        kari[0].pk: (60, False),
        ola[2].pk: (40, True),
        nora[2].pk: (75, True),
        kari[1].pk: (140, False),
        kari[3].pk: (120, False),
        ola[0].pk: (150, False),
        ola[1].pk: (110, False),
        nora[1].pk: (165, False),
    }
    ends: dict[int, date] = {}
    for kam in KAMS:
        for account in roles[kam]:
            if account.pk in soon:
                days, auto = soon[account.pk]
                end = today + timedelta(days=days)
                _contract(account=account, rng=rng, today=today, end_on=end, auto_renewal=auto)
            elif rng.random() < 0.85:
                notice = rng.choice((3, 3, 3, 6))
                # Far enough out that the notice deadline is more than 90 days away.
                end = today + timedelta(days=rng.randint(95, 800) + 31 * notice)
                _contract(
                    account=account,
                    rng=rng,
                    today=today,
                    end_on=end,
                    notice_months=notice,
                    auto_renewal=rng.random() < 0.3,
                )
            else:
                continue
            ends[account.pk] = end
    return ends


def demo_business_load(
    *, accounts: Sequence[Account], lost: Account, left_on: dict[int, date], today: date
) -> DemoBusiness:
    """Load the business side for the loaded portfolio. Deterministic for a given today."""
    rng = random.Random(SEED)
    admin = User.objects.get(username="admin")
    rivals = _rivals()
    trailing = _trailing(accounts, today)
    roles = _story_roles(accounts, rng)
    _cost_model_load(admin)

    analysed = roles["kari"][:4] + roles["ola"][:4] + roles["nora"][:2]
    ours = _monthly_by_service(analysed, today)
    for account in analysed:
        _needs_load(
            account=account, rng=rng, today=today, ours=ours.get(account.pk, {}), rivals=rivals
        )

    ends = _contracts_load(roles=roles, rng=rng, today=today)
    left = left_on[lost.pk]
    _contract(account=lost, rng=rng, today=left, end_on=left - timedelta(days=1))
    _offers_load(roles=roles, ours=ours, today=today, ends=ends)
    _opportunities_load(
        accounts=accounts,
        roles=roles,
        ends=ends,
        rng=rng,
        today=today,
        trailing=trailing,
        rivals=rivals,
    )
    _lost_renewal(account=lost, left=left, posten=rivals[POSTEN])
    _leads_load(accounts=accounts, actor=admin, rng=rng, today=today)
    return DemoBusiness.now()
