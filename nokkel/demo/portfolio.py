"""The demo portfolio as plain data, planned from a seeded random generator.

Planning is kept apart from loading so the whole portfolio is decided before the
database is touched: the same seed gives the same plan, and the loader only replays it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from nokkel.core.orgnr import org_number_check_digit
from nokkel.demo.names import (
    INDUSTRIES,
    MARKETPLACE_INDUSTRY,
    NameMaker,
    email_local_part,
    slugify_domain,
)

DEMO_SEED = 20_251_101
DEMO_PASSWORD = "nokkel-demo"  # printed after every load: these are public demo logins

LARGE, SMB, MARKETPLACES = "Netthandel stor", "Netthandel SMB", "Markedsplasser"
SEGMENTS = (
    (LARGE, "Store nettbutikker med høyt nattvolum og egne avtaler."),
    (SMB, "Små og mellomstore nettbutikker på standardvilkår."),
    (MARKETPLACES, "Markedsplasser der mange selgere sender gjennom én avtale."),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    department: str = ""
    can_log_in: bool = True
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "Anders", "Vik", "admin", "IT", is_superuser=True),
    DemoUser("sara", "Sara", "Lund", "sales_manager", "Salg"),
    DemoUser("kari", "Kari", "Nordmann", "kam", "Salg"),
    DemoUser("ola", "Ola", "Hansen", "kam", "Salg"),
    DemoUser("nora", "Nora", "Berg", "kam", "Salg"),
    DemoUser("erik", "Erik", "Dahl", "team_member", "Drift"),
    # Colleagues from other departments who sit on account teams; they never log in
    # to the demo, they only make the teams look like real ones.
    DemoUser("hanne", "Hanne", "Ruud", "team_member", "Drift", can_log_in=False),
    DemoUser("ingrid", "Ingrid", "Solberg", "team_member", "IT og integrasjon", can_log_in=False),
    DemoUser("magnus", "Magnus", "Haugen", "team_member", "Kundeservice", can_log_in=False),
    DemoUser("sofie", "Sofie", "Eide", "team_member", "Økonomi", can_log_in=False),
    DemoUser("jonas", "Jonas", "Moen", "team_member", "Marked", can_log_in=False),
    DemoUser("lars", "Lars", "Strand", "team_member", "Forretningsutvikling", can_log_in=False),
)
DEMO_USERNAMES = tuple(user.username for user in DEMO_USERS)
KAMS = ("kari", "ola", "nora")

# (KAM, segment, accounts, of which key accounts). Kari holds most of the large web
# shops, Ola the long tail of small shops, Nora the marketplaces: 300 accounts, 40 key.
PORTFOLIOS = (
    ("kari", LARGE, 40, 12),
    ("kari", SMB, 45, 3),
    ("kari", MARKETPLACES, 5, 0),
    ("ola", LARGE, 20, 10),
    ("ola", SMB, 80, 2),
    ("nora", MARKETPLACES, 30, 8),
    ("nora", SMB, 60, 3),
    ("nora", LARGE, 20, 2),
)
PROSPECTS, FORMER_CUSTOMERS = 30, 10
# Groups (konsern) per KAM: a key account as parent with two or three members.
GROUPS = ("kari", "kari", "ola", "nora")
# Erik (operations) sits on this many of Kari's key account teams.
ERIK_TEAMS = 8
# Team roles the non-login colleagues fill; Hanne covers operations outside Kari's.
STAFF_ROLES = (
    ("ingrid", "it_integration"),
    ("magnus", "customer_service"),
    ("sofie", "finance"),
    ("jonas", "marketing"),
    ("lars", "business_development"),
)

BUYING_ROLES = ("decision_maker", "economic_buyer", "influencer", "user", "gatekeeper", "champion")
TITLES = {
    "decision_maker": ("Daglig leder", "Administrerende direktør", "Logistikkdirektør"),
    "economic_buyer": ("Økonomisjef", "Innkjøpssjef", "Finansdirektør"),
    "influencer": ("E-handelssjef", "Kundeservicesjef", "Markedssjef"),
    "user": ("Lagerleder", "Logistikkmedarbeider", "Kundebehandler"),
    "gatekeeper": ("Kontorleder", "Innkjøpsassistent"),
    "champion": ("Logistikksjef", "IT-ansvarlig", "Driftssjef"),
    "": ("Daglig leder", "Logistikksjef", "E-handelssjef"),
}
RELATIONSHIP_FORMS = ("professional", "technological", "formal", "social")
CONFIDENTIAL_NOTES = (
    "Har fått tilbud fra en konkurrent på helgelevering; vurderer å flytte returene ved "
    "fornyelse. Ikke nevn prisene i felles kanaler.",
    "Daglig leder er i samtaler om salg av selskapet. Kjent for oss i fortrolighet.",
    "Betaler ofte for sent; økonomi følger opp. Ikke del med kundeservice.",
    "Ønsker rabatt på ekspress mot å samle alle varestrømmer hos oss fra neste år.",
    "Misfornøyd med leveringspresisjonen i Nord-Norge i høst; avtalen løper ut i juni.",
    "Skal bytte nettbutikkplattform; integrasjonen må testes før jul.",
)
_EPOCH = date(2022, 1, 3)


@dataclass
class ContactPlan:
    name: str
    title: str
    email: str
    phone: str
    buying_role: str
    sentiment: str
    relationship_forms: list[str]
    active: bool = True
    left_on: date | None = None


@dataclass
class AccountPlan:
    kam: str
    segment: str
    is_key_account: bool
    status: str = "customer"
    name: str = ""
    org_number: str = ""
    customer_number: str = ""
    industry: str = ""
    website: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    deputy: str | None = None
    parent: int | None = None  # index into the plan list
    confidential_note: str = ""
    contacts: list[ContactPlan] = field(default_factory=list)
    team: list[tuple[str, str, date]] = field(default_factory=list)  # (user, role, since)

    def account_data(self) -> dict[str, object]:
        """The fields account_create takes; people and segments are filled in by the loader."""
        return {
            "name": self.name,
            "org_number": self.org_number,
            "customer_number": self.customer_number,
            "industry": self.industry,
            "website": self.website,
            "street_address": self.street_address,
            "postal_code": self.postal_code,
            "city": self.city,
            "is_key_account": self.is_key_account,
            "confidential_note": self.confidential_note,
        }


def _org_number(rng: random.Random, used: set[str]) -> str:
    # Real organisation numbers are issued from 8 and 9; starting at 3 keeps every demo
    # number valid by the mod-11 rule yet clear of any real company.
    while True:
        first_eight = f"3{rng.randrange(10**7):07d}"
        check = org_number_check_digit(first_eight)
        number = f"{first_eight}{check}"
        if check is not None and number not in used:
            used.add(number)
            return number


def _some_day(rng: random.Random) -> date:
    return _EPOCH + timedelta(days=rng.randrange(1000))


def _slots(rng: random.Random) -> list[AccountPlan]:
    plans = [
        AccountPlan(kam=kam, segment=segment, is_key_account=index < key_count)
        for kam, segment, count, key_count in PORTFOLIOS
        for index in range(count)
    ]
    # Key accounts are customers by definition; prospects and leavers come from the rest.
    others = [plan for plan in plans if not plan.is_key_account]
    for plan in rng.sample(others, PROSPECTS + FORMER_CUSTOMERS)[:PROSPECTS]:
        plan.status = "prospect"
    leavers = [plan for plan in others if plan.status == "customer"]
    for plan in rng.sample(leavers, FORMER_CUSTOMERS):
        plan.status = "former"
    return plans


def _plan_groups(rng: random.Random, plans: list[AccountPlan]) -> list[int]:
    """Point group members at their parent; returns the parents' plan indices."""
    parents: list[int] = []
    taken: set[int] = set()
    for kam in GROUPS:
        candidates = [
            i
            for i, p in enumerate(plans)
            if p.kam == kam and p.is_key_account and p.segment == LARGE and i not in taken
        ]
        # Marketplaces keep their own naming, so group members are web shops.
        members = [
            i
            for i, p in enumerate(plans)
            if p.kam == kam
            and not p.is_key_account
            and p.status == "customer"
            and p.segment != MARKETPLACES
            and i not in taken
        ]
        parent = rng.choice(candidates)
        parents.append(parent)
        taken.add(parent)
        for member in rng.sample(members, rng.randint(2, 3)):
            taken.add(member)
            plans[member].parent = parent
    return parents


def _contacts(rng: random.Random, maker: NameMaker, plan: AccountPlan, domain: str) -> None:
    if plan.is_key_account:
        count = rng.randint(3, 6)
        # Every key account names its decision maker; the other roles vary.
        roles = ["decision_maker", *rng.sample(BUYING_ROLES[1:], count - 1)]
    else:
        count = rng.choices(
            (0, 1, 2), weights=(3, 4, 3) if plan.status != "prospect" else (5, 5, 0)
        )[0]
        roles = [rng.choice(("decision_maker", "user", "")) for _ in range(count)]
    taken: set[str] = set()
    for role in roles:
        name = maker.person()
        while name in taken:
            name = maker.person()
        taken.add(name)
        forms = rng.sample(
            RELATIONSHIP_FORMS, rng.randint(1, 3) if plan.is_key_account else rng.randint(0, 2)
        )
        left = plan.is_key_account and rng.random() < 0.08
        plan.contacts.append(
            ContactPlan(
                name=name,
                title=rng.choice(TITLES[role]),
                email=f"{email_local_part(name)}@{domain}.example",
                phone=maker.phone(),
                buying_role=role,
                sentiment=rng.choices(("supporter", "neutral", "critic"), weights=(4, 5, 1))[0],
                relationship_forms=forms,
                active=not left,
                left_on=_some_day(rng) if left else None,
            )
        )


def _team(rng: random.Random, plan: AccountPlan, with_erik: bool) -> None:
    if with_erik:
        plan.team.append(("erik", "operations", _some_day(rng)))
    elif plan.kam != "kari" and rng.random() < 0.6:
        plan.team.append(("hanne", "operations", _some_day(rng)))
    for username, role in rng.sample(STAFF_ROLES, rng.randint(0, 2)):
        plan.team.append((username, role, _some_day(rng)))


def plan_portfolio(seed: int = DEMO_SEED) -> list[AccountPlan]:
    """The whole demo portfolio, account by account, in the order it is loaded."""
    rng = random.Random(seed)
    maker = NameMaker(rng)
    plans = _slots(rng)
    parents = _plan_groups(rng, plans)
    stem_of = dict(zip(parents, maker.reserve_stems(len(parents)), strict=True))

    kari_keys = [i for i, p in enumerate(plans) if p.kam == "kari" and p.is_key_account]
    erik_on = set(rng.sample(kari_keys, ERIK_TEAMS))
    secret_keepers = set(
        rng.sample([i for i, p in enumerate(plans) if p.is_key_account], len(CONFIDENTIAL_NOTES))
    )
    used_org_numbers: set[str] = set()
    customer_numbers = iter(rng.sample(range(100_000, 1_000_000), len(plans)))
    notes = iter(CONFIDENTIAL_NOTES)

    for index, plan in enumerate(plans):
        marketplace = plan.segment == MARKETPLACES
        plan.industry = MARKETPLACE_INDUSTRY if marketplace else rng.choice(INDUSTRIES)
        if index in stem_of:
            plan.name = maker.group(stem_of[index])
        elif plan.parent is not None:
            plan.name = maker.shop(plan.industry, stem_of[plan.parent])
        else:
            plan.name = maker.marketplace() if marketplace else maker.shop(plan.industry)
        domain = slugify_domain(plan.name)
        plan.website = f"https://{domain}.example"
        plan.street_address, plan.postal_code, plan.city = maker.address()
        # Prospects often have only a name and a web site when they first get in touch.
        if plan.status != "prospect" or rng.random() < 0.6:
            plan.org_number = _org_number(rng, used_org_numbers)
        if plan.status != "prospect":
            plan.customer_number = f"K{next(customer_numbers)}"
        if plan.is_key_account or rng.random() < 0.15:
            plan.deputy = rng.choice([kam for kam in KAMS if kam != plan.kam])
        if index in secret_keepers:
            plan.confidential_note = next(notes)
        _contacts(rng, maker, plan, domain)
        if plan.is_key_account:
            _team(rng, plan, with_erik=index in erik_on)
    return plans
