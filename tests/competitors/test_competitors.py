"""The competitor register: what was lost to each and why, the win-back list, the API."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from nokkel.accounts.models import AccountStatus
from nokkel.competitors.models import Competitor
from nokkel.competitors.selectors import share_of_wallet
from nokkel.needs.services import WalletShareInput, needs_analysis_record
from nokkel.pipeline.services import opportunity_move
from tests.factories import AccountFactory
from tests.pipeline.factories import competitor, make_opportunity

FEBRUARY = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
MARCH = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def lose(opportunity, *, to, reason, at, note=""):
    return opportunity_move(
        opportunity=opportunity,
        actor=opportunity.owner,
        phase="lost",
        lost_reason=reason,
        lost_to=to,
        lost_note=note,
        moved_at=at,
    )


def test_the_rivals_are_registered_from_the_start(db):
    assert {"Posten/Bring", "PostNord"} <= set(Competitor.objects.values_list("name", flat=True))


def test_a_manager_sees_the_accounts_lost_to_a_competitor_and_why(client, sara, kari, ola, segment):
    posten = competitor("Posten/Bring")
    mine = AccountFactory(name="Fjellsport AS", kam=kari, segment=segment)
    other = AccountFactory(name="Outside Sara's segment AS", kam=ola)
    lose(
        make_opportunity(account=mine, title="Natt"),
        to=posten,
        reason="price",
        at=MARCH,
        note="Matched on price",
    )
    lose(
        make_opportunity(account=mine, title="Retur", annual_revenue=Decimal("100000.00")),
        to=posten,
        reason="price",
        at=FEBRUARY,
    )
    lose(make_opportunity(account=mine, title="Helg"), to=posten, reason="coverage", at=MARCH)
    lose(make_opportunity(account=other, title="Hidden"), to=posten, reason="service", at=MARCH)
    client.force_login(sara)

    response = client.get(f"/competitors/{posten.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Fjellsport AS" in html
    assert "Matched on price" in html
    assert "Hidden" not in html  # through the accounts' door
    reasons = [(r.reason, r.count, r.revenue) for r in response.context["reasons"]]
    assert reasons == [
        ("price", 2, Decimal("1300000.00")),
        ("coverage", 1, Decimal("1200000.00")),
    ]
    assert "No needs analysis of the customers you can see records their share yet." in html
    assert share_of_wallet(user=sara, competitor=posten) == []
    listing = client.get("/competitors/")
    counts = {c.name: c.lost_count for c in listing.context["competitors"]}
    assert counts["Posten/Bring"] == 3


def test_the_register_is_not_there_for_kams(client, kari):
    posten = competitor("Posten/Bring")
    client.force_login(kari)
    assert client.get("/competitors/").status_code == 403
    assert client.get(f"/competitors/{posten.pk}/").status_code == 404
    assert client.get(f"/competitors/{posten.pk}/edit/").status_code == 404


def test_a_manager_registers_and_edits_a_competitor(client, sara):
    client.force_login(sara)
    response = client.post(
        "/competitors/", {"name": "Helthjem", "website": "https://helthjem.no", "is_active": "on"}
    )
    helthjem = Competitor.objects.get(name="Helthjem")
    assert response.status_code == 302
    duplicate = client.post("/competitors/", {"name": "Helthjem", "is_active": "on"})
    assert "already exists" in duplicate.content.decode()
    client.post(f"/competitors/{helthjem.pk}/edit/", {"name": "Helthjem", "notes": "Ny aktør"})
    helthjem.refresh_from_db()
    assert helthjem.notes == "Ny aktør"
    assert helthjem.is_active is False


def test_the_win_back_list_shows_former_customers_with_their_last_loss(client, kari, ola):
    postnord = competitor("PostNord")
    gone = AccountFactory(name="Borte AS", kam=kari, status=AccountStatus.FORMER)
    lose(make_opportunity(account=gone, title="Gammel"), to=None, reason="service", at=FEBRUARY)
    lose(
        make_opportunity(account=gone, title="Fornyelse", kind="renewal"),
        to=postnord,
        reason="relationship",
        at=MARCH,
    )
    AccountFactory(name="Still here AS", kam=kari, status=AccountStatus.CUSTOMER)
    AccountFactory(name="Olas former AS", kam=ola, status=AccountStatus.FORMER)
    client.force_login(kari)

    response = client.get("/competitors/win-back/")

    rows = response.context["rows"]
    assert [(r.account.name, r.reason, r.competitor) for r in rows] == [
        ("Borte AS", "Relationship", "PostNord")
    ]
    assert rows[0].lost_on.isoformat() == "2026-03-10"


def test_the_competitor_api_is_for_managers(api_as, sara, kari):
    posten = competitor("Posten/Bring")
    manager = api_as(sara)

    body = manager.get("/api/v1/competitors/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    created = manager.post(
        "/api/v1/competitors/",
        {"name": "Porterbuddy", "website": "https://porterbuddy.com"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["lost_count"] == 0
    assert manager.post("/api/v1/competitors/", {"name": ""}, format="json").json() == {
        "name": ["This field may not be blank."]
    }
    patched = manager.patch(f"/api/v1/competitors/{posten.pk}/", {"notes": "Stor"}, format="json")
    assert patched.json()["notes"] == "Stor"

    kam = api_as(kari)
    assert kam.get("/api/v1/competitors/").status_code == 403
    assert kam.post("/api/v1/competitors/", {"name": "X"}, format="json").status_code == 403
    assert kam.get(f"/api/v1/competitors/{posten.pk}/").status_code == 404
    assert kam.patch(f"/api/v1/competitors/{posten.pk}/", {}, format="json").status_code == 404


def test_the_share_of_wallet_comes_from_each_customers_newest_needs_analysis(
    client, sara, kari, ola, segment
):
    posten = competitor("Posten/Bring")
    mine = AccountFactory(name="Fjellsport AS", kam=kari, segment=segment)
    hidden = AccountFactory(name="Outside Sara's segment AS", kam=ola)
    for account, share in ((mine, 60), (hidden, 90)):
        needs_analysis_record(
            account=account,
            actor=account.kam,
            recorded_on=MARCH.date(),
            data={},
            volumes={"overnight": 4000},
            wallet=[
                WalletShareInput("competitor", Decimal(share), posten),
                WalletShareInput("us", Decimal(100 - share)),
            ],
        )
    client.force_login(sara)

    html = client.get(f"/competitors/{posten.pk}/").content.decode()

    assert share_of_wallet(user=sara, competitor=posten) == [(mine, Decimal("0.6"))]
    assert "Fjellsport AS</a>: 60" in html
    assert "Outside Sara" not in html
