"""The demo portfolio: loaded once for the module, each test rolled back on its own."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Sum

from nokkel.accounts.models import Account, BuyingRole, Contact, Segment, TeamMembership
from nokkel.core.orgnr import is_valid_org_number
from nokkel.demo.load import demo_clear
from nokkel.demo.portfolio import DEMO_PASSWORD, DEMO_USERS, plan_portfolio
from nokkel.pipeline.models import Opportunity
from nokkel.timeline.models import EventKind, TimelineEvent
from nokkel.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_portfolio(django_db_setup, django_db_blocker):
    # Loading takes a couple of seconds; doing it once keeps the module fast. Each test
    # still runs in its own rolled-back transaction, so --reset in one test is undone.
    with django_db_blocker.unblock():
        call_command("demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        demo_clear()


def user(username: str) -> User:
    return User.objects.get(username=username)


def snapshot() -> list[tuple[object, ...]]:
    """What must come out the same from the same seed: accounts, people and teams."""
    return [
        (
            account.name,
            account.org_number,
            account.customer_number,
            account.status,
            account.is_key_account,
            account.industry,
            account.postal_code,
            account.city,
            account.kam.username if account.kam else None,
            account.deputy.username if account.deputy else None,
            account.parent.name if account.parent else None,
            sorted((c.name, c.email, c.phone, c.buying_role) for c in account.contacts.all()),
            sorted((m.user.username, m.role) for m in account.memberships.all()),
        )
        for account in Account.objects.select_related("kam", "deputy", "parent")
        .prefetch_related("contacts", "memberships__user")
        .order_by("name")
    ]


def test_the_portfolio_has_about_three_hundred_accounts_of_each_kind():
    accounts = Account.objects.all()
    assert 280 <= accounts.count() <= 320
    assert 20 <= accounts.filter(status="prospect").count() <= 40
    assert 5 <= accounts.filter(status="former").count() <= 15
    assert 35 <= accounts.filter(is_key_account=True).count() <= 45
    assert 2 <= Segment.objects.count() <= 3
    assert accounts.exclude(parent=None).count() >= 4
    assert accounts.exclude(confidential_note="").filter(is_key_account=True).exists()


def test_every_organisation_number_is_valid_and_unique():
    numbers = list(Account.objects.exclude(org_number=None).values_list("org_number", flat=True))
    assert len(numbers) >= 270
    assert len(set(numbers)) == len(numbers)
    assert all(is_valid_org_number(number) for number in numbers)


def test_every_customer_has_its_own_customer_number():
    customers = Account.objects.filter(status="customer")
    assert not customers.filter(customer_number=None).exists()
    numbers = list(customers.values_list("customer_number", flat=True))
    assert len(set(numbers)) == len(numbers)


def test_key_accounts_have_three_to_six_contacts_covering_every_buying_role():
    for account in Account.objects.filter(is_key_account=True):
        assert 3 <= account.contacts.count() <= 6, account
        assert account.deputy is not None, account
    roles = set(Contact.objects.values_list("buying_role", flat=True))
    assert set(BuyingRole.values) <= roles
    assert all(
        email.endswith(".example") for email in Contact.objects.values_list("email", flat=True)
    )


def test_every_demo_login_works_with_the_demo_password():
    for spec in DEMO_USERS:
        found = authenticate(username=spec.username, password=DEMO_PASSWORD)
        if spec.can_log_in:
            assert found is not None, spec.username
            assert found.role == spec.role
        else:
            assert found is None, spec.username
    admin = user("admin")
    assert admin.is_superuser
    assert admin.is_staff


def test_kari_sees_her_own_portfolio_and_not_everything():
    kari = user("kari")
    visible = Account.objects.visible_to(kari)
    assert 80 <= Account.objects.filter(kam=kari).count() <= 100
    assert 12 <= Account.objects.filter(kam=kari, is_key_account=True).count() <= 18
    assert set(Account.objects.filter(kam=kari)) <= set(visible)
    assert visible.count() < Account.objects.count()


def test_ola_cannot_see_a_kari_account_he_has_no_part_in():
    kari, ola = user("kari"), user("ola")
    untied = (
        Account.objects.filter(kam=kari).exclude(deputy=ola).exclude(memberships__user=ola).first()
    )
    assert untied is not None
    assert not Account.objects.visible_to(ola).filter(pk=untied.pk).exists()


def test_sara_sees_every_account():
    assert Account.objects.visible_to(user("sara")).count() == Account.objects.count()


def test_erik_sees_some_of_karis_accounts_through_their_teams():
    erik = user("erik")
    visible = Account.objects.visible_to(erik)
    assert visible.exists()
    assert not visible.exclude(kam__username="kari").exists()
    assert TeamMembership.objects.filter(user=erik, role="operations").count() == visible.count()


def test_the_load_writes_a_real_timeline():
    former = Account.objects.filter(status="former").first()
    assert former is not None
    kinds = set(TimelineEvent.objects.filter(account=former).values_list("kind", flat=True))
    assert {EventKind.ACCOUNT_CREATED, EventKind.STATUS_CHANGED} <= kinds


def test_loading_again_is_refused_with_a_hint_to_reset():
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", stdout=StringIO())


def test_if_empty_keeps_the_existing_data():
    before = snapshot()
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "Kept the existing data" in out.getvalue()
    assert snapshot() == before


def test_reset_loads_the_same_portfolio_again():
    before = snapshot()
    out = StringIO()
    call_command("demo", "--reset", stdout=out)
    assert snapshot() == before
    assert "nokkel-demo" in out.getvalue()


def test_the_same_seed_plans_the_same_portfolio_and_another_seed_does_not():
    assert plan_portfolio(7) == plan_portfolio(7)
    assert [p.name for p in plan_portfolio(7)] != [p.name for p in plan_portfolio(8)]


def test_the_demo_has_two_years_of_shipments_imported_through_the_import_path():
    from nokkel.shipments.models import ShipmentImport, ShipmentMonth

    imported = ShipmentImport.objects.get()
    assert imported.status == "succeeded"
    assert imported.counts["unknown_customers"] == 0
    assert ShipmentMonth.objects.values("month").distinct().count() == 24
    assert not ShipmentMonth.objects.filter(account__status="prospect").exists()


def test_web_shops_peak_before_christmas():
    from django.db.models.functions import ExtractMonth

    from nokkel.shipments.models import ShipmentMonth

    by_month = dict(
        ShipmentMonth.objects.annotate(m=ExtractMonth("month"))
        .values("m")
        .annotate(p=Sum("parcels"))
        .values_list("m", "p")
    )
    assert by_month[12] > 1.4 * by_month[9]
    assert by_month[11] > 1.3 * by_month[9]


def test_a_key_account_of_karis_moved_to_a_competitor_and_left():
    former_key = Account.objects.filter(kam__username="kari", is_key_account=True, status="former")
    history = {
        account: list(
            account.shipment_months.values("month").order_by("month").annotate(p=Sum("parcels"))
        )
        for account in former_key
    }
    # The big one: the former key account that shipped the most in its first year.
    lost, months = max(history.items(), key=lambda item: sum(m["p"] for m in item[1][:12]))
    assert len(months) >= 18  # a long-standing customer
    first, last = months[0]["p"], months[-1]["p"]
    assert last < 0.4 * first  # most of the volume moved away before it left
    left = TimelineEvent.objects.get(account=lost, kind=EventKind.STATUS_CHANGED)
    assert left.data == {"old": "customer", "new": "former"}
    # It left after its last shipments, not when the demo was loaded.
    assert left.happened_at.date() > months[-1]["month"]


def test_the_portfolio_is_classified_with_a_pareto_head():
    from nokkel.portfolio.models import AccountClassification

    a_count = AccountClassification.objects.filter(abc_class="A").count()
    classified = AccountClassification.objects.exclude(abc_class="").count()
    assert 0.05 * classified < a_count < 0.45 * classified


def test_the_backtest_warns_of_the_lost_key_account_and_spares_seasonal_customers():
    import json

    from django.utils import timezone

    from nokkel.portfolio.windows import add_months

    today = timezone.localdate()
    first = add_months(today.replace(day=1), -12)
    out = StringIO()
    call_command(
        "health_backtest",
        "--from",
        f"{first:%Y-%m}",
        "--to",
        f"{today:%Y-%m}",
        "--json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    lost_key = [row for row in report["lost"] if row["is_key_account"]]
    assert lost_key, "the demo's lost key account is in the backtest"
    assert lost_key[0]["months_red_before_leaving"] >= 2
    assert report["seasonal"] > 0
    assert report["seasonal_red"] == 0


def test_the_board_has_opportunities_in_several_phases_and_warns_of_a_mismatch():
    from django.utils import timezone

    from nokkel.pipeline.selectors import board, opportunity_forecast

    columns = board(user=user("kari"), today=timezone.localdate())
    filled = {column.phase for column in columns if column.cards}
    assert {"identify", "contact", "needs_analysis", "offer", "negotiation", "won"} <= filled
    warnings = [card for column in columns for card in column.cards if card.severity == "warning"]
    assert warnings
    assert all(card.warning for card in warnings)
    # Every KAM has a pipeline, and the forecast has numbers spread over the coming year.
    for kam in ("kari", "ola", "nora"):
        assert Opportunity.objects.filter(owner__username=kam, phase="won").exists(), kam
        assert Opportunity.objects.filter(owner__username=kam, phase="lost").exists(), kam
    forecast = opportunity_forecast(user=user("sara"))
    dated = [line for line in forecast.by_month if line.key is not None]
    assert len(dated) >= 8
    assert all(line.key >= timezone.localdate().replace(day=1) for line in dated)
    assert forecast.total.weighted > 0
    lost = Opportunity.objects.filter(phase="lost")
    assert not lost.filter(lost_reason="").exists()
    assert set(lost.values_list("lost_to__name", flat=True)) == {"Posten/Bring", "PostNord"}


def test_the_lost_key_account_lost_its_renewal_to_posten_bring_on_price():
    lost = Account.objects.get(kam__username="kari", is_key_account=True, status="former")
    renewal = lost.opportunities.get(phase="lost")
    assert renewal.kind == "renewal"
    assert renewal.lost_reason == "price"
    assert renewal.lost_to is not None
    assert renewal.lost_to.name == "Posten/Bring"
    assert "Posten/Bring" in renewal.lost_note
    left = TimelineEvent.objects.get(account=lost, kind=EventKind.STATUS_CHANGED)
    assert renewal.closed_on is not None
    assert 0 < (left.happened_at.date() - renewal.closed_on).days <= 60
    assert TimelineEvent.objects.filter(account=lost, kind=EventKind.OPPORTUNITY_LOST).exists()


def test_the_renewals_list_has_contracts_ending_within_90_and_180_days():
    from django.utils import timezone

    from nokkel.agreements.selectors import contract_list

    today, sara = timezone.localdate(), user("sara")
    within_90 = contract_list(user=sara, today=today, ending_within=90).count()
    within_180 = contract_list(user=sara, today=today, ending_within=180).count()
    assert within_90 >= 2
    assert within_180 > within_90
    # Most key accounts have a contract in force; some notice deadlines are close.
    key = Account.objects.filter(is_key_account=True, status="customer")
    with_contract = key.filter(contracts__start_on__lte=today, contracts__end_on__gte=today)
    assert with_contract.distinct().count() >= 0.7 * key.count()
    deadlines = [
        c.notice_deadline for c in contract_list(user=sara, today=today, ending_within=180)
    ]
    assert any(0 <= (deadline - today).days <= 90 for deadline in deadlines)


def test_offers_in_each_state_from_the_cost_model():
    from nokkel.agreements.models import CostRate, Offer
    from nokkel.agreements.selectors import offers_awaiting_approval

    assert {"draft", "pending_approval", "sent", "accepted"} <= set(
        Offer.objects.values_list("status", flat=True)
    )
    waiting = list(offers_awaiting_approval(user=user("sara")))
    assert len(waiting) == 1
    assert waiting[0].margin().margin_share < 0.15
    accepted = Offer.objects.get(status="accepted")
    assert accepted.contract.account == accepted.account
    assert CostRate.objects.filter(zone="Nord-Norge").count() == 5
    assert not Offer.objects.filter(lines__cost_per_parcel=None).exists()


def test_key_accounts_have_needs_analyses_with_share_of_wallet_and_decision_criteria():
    from nokkel.needs.models import DecisionCriterion, NeedsAnalysis

    analyses = NeedsAnalysis.objects.prefetch_related("wallet_shares__competitor")
    assert 8 <= analyses.count() <= 12
    assert analyses.filter(account__kam__username="kari").count() >= 3
    for analysis in analyses:
        assert analysis.account.is_key_account
        shares = {share.label: share.share for share in analysis.wallet_shares.all()}
        assert sum(shares.values()) == 100
        assert {"Posten/Bring", "PostNord"} <= set(shares)
    accounts = set(DecisionCriterion.objects.values_list("account", flat=True))
    assert accounts == set(analyses.values_list("account", flat=True))
    for account in accounts:
        weights = DecisionCriterion.objects.filter(account=account).aggregate(total=Sum("weight"))
        assert weights["total"] == 100


def test_health_snapshots_exist_for_the_last_twelve_months():
    from django.utils import timezone

    from nokkel.health.models import HealthSnapshot
    from nokkel.portfolio.windows import add_months

    this_month = timezone.localdate().replace(day=1)
    months = sorted(set(HealthSnapshot.objects.values_list("as_of", flat=True)))
    assert months == [add_months(this_month, -i) for i in range(11, -1, -1)]
    per_month = HealthSnapshot.objects.filter(as_of=this_month).count()
    assert per_month == Account.objects.filter(status="customer").count()
    lost = Account.objects.get(kam__username="kari", is_key_account=True, status="former")
    assert HealthSnapshot.objects.filter(account=lost, band="red").exists()


def test_two_web_leads_one_from_a_customer_and_one_from_a_new_prospect():
    from nokkel.pipeline.models import Lead

    leads = {lead.matched_by: lead for lead in Lead.objects.select_related("account")}
    assert set(leads) == {"org_number", "new"}
    known, new = leads["org_number"], leads["new"]
    assert known.account.status == "customer"
    assert known.contact is None  # the sender waits for the KAM's review
    assert known.assigned_to == known.account.kam
    assert new.account.status == "prospect"
    assert new.routed_by == "rule"
    assert new.account.segment is not None
    assert is_valid_org_number(new.account.org_number)
    for lead in leads.values():
        assert lead.opportunity is not None
        assert lead.opportunity.phase == "identify"
