"""The pipeline pages: the board, moving cards, the forecast, and the opportunity pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nokkel.pipeline.models import Opportunity
from nokkel.pipeline.services import opportunity_move
from tests.factories import AccountFactory, SegmentFactory
from tests.pipeline.factories import competitor, make_opportunity

BOARD = "/pipeline/"


def column(html: str, phase: str) -> str:
    match = re.search(
        rf'<ol class="plain board-cards" data-phase-list="{phase}">(.*?)</ol>', html, re.S
    )
    assert match, f"no {phase} column"
    return match.group(1)


@pytest.fixture
def board_world(kari, ola, segment):
    mine = AccountFactory(name="Fjellsport AS", kam=kari, segment=segment)
    theirs = AccountFactory(name="Olas Sykkel AS", kam=ola)
    return {
        "offer": make_opportunity(
            account=mine,
            title="Fjellsport nattlevering",
            phase="offer",
            buying_phase="information_search",
        ),
        "contact": make_opportunity(account=mine, title="Fjellsport retur", phase="contact"),
        "hidden": make_opportunity(account=theirs, title="Olas hemmelighet", phase="offer"),
    }


def test_the_board_shows_each_card_in_its_phase_with_the_mismatch_warning(
    client, kari, board_world
):
    client.force_login(kari)
    html = client.get(BOARD).content.decode()

    assert "Fjellsport nattlevering" in column(html, "offer")
    assert "Fjellsport retur" in column(html, "contact")
    assert "Olas hemmelighet" not in html  # the door
    offer = column(html, "offer")
    assert "while the customer is still at Information search" in offer
    assert "while the customer" not in column(html, "contact")
    for phase in ("identify", "needs_analysis", "negotiation", "won", "lost"):
        assert column(html, phase).strip() == ""


def test_the_board_filters_by_kam_and_segment(client, sara, kari, ola, segment):
    other_segment = SegmentFactory(name="Aviser")
    make_opportunity(account=AccountFactory(kam=kari, segment=segment), title="Karis sak")
    make_opportunity(account=AccountFactory(kam=ola, segment=segment), title="Olas sak")
    make_opportunity(account=AccountFactory(kam=ola, segment=other_segment), title="Avissak")
    client.force_login(sara)  # sees the Netthandel segment only

    everyone = client.get(BOARD).content.decode()
    only_ola = client.get(BOARD, {"owner": ola.pk}).content.decode()

    assert "Karis sak" in everyone
    assert "Olas sak" in everyone
    assert "Avissak" not in everyone
    assert "Karis sak" not in only_ola
    assert "Olas sak" in only_ola
    partial = client.get(
        BOARD, {"segment": other_segment.pk}, headers={"HX-Request": "true", "HX-Target": "board"}
    )
    assert "<html" not in partial.content.decode()
    assert "Avissak" not in partial.content.decode()


def test_dropping_a_card_on_another_column_moves_it_and_redraws_the_board(
    client, kari, board_world
):
    opportunity = board_world["contact"]
    client.force_login(kari)

    response = client.post(
        f"/pipeline/opportunities/{opportunity.pk}/move/",
        {"phase": "needs_analysis", "board": "1", "owner": "", "segment": ""},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="board"' in html
    assert "<html" not in html
    assert "Fjellsport retur" in column(html, "needs_analysis")
    opportunity.refresh_from_db()
    assert opportunity.phase == "needs_analysis"
    assert opportunity.buying_phase == ""  # the board sends only our phase


def test_a_refused_move_from_the_board_puts_the_card_back_with_the_reason(
    client, kari, board_world
):
    opportunity = board_world["contact"]
    client.force_login(kari)

    response = client.post(
        f"/pipeline/opportunities/{opportunity.pk}/move/", {"phase": "lost", "board": "1"}
    )

    html = response.content.decode()
    assert "Say why the opportunity was lost." in html
    assert "Fjellsport retur" in column(html, "contact")
    opportunity.refresh_from_db()
    assert opportunity.phase == "contact"


def test_the_move_form_takes_the_lost_reason_and_competitor(client, kari, board_world):
    opportunity = board_world["offer"]
    postnord = competitor("PostNord")
    client.force_login(kari)
    page = client.get(f"/pipeline/opportunities/{opportunity.pk}/move/?phase=lost")
    assert 'value="lost" selected' in page.content.decode()

    response = client.post(
        f"/pipeline/opportunities/{opportunity.pk}/move/",
        {
            "phase": "lost",
            "buying_phase": "purchase_decision",
            "lost_reason": "integration",
            "lost_to": postnord.pk,
            "lost_note": "Their API was ready.",
        },
    )

    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.phase, opportunity.lost_reason, opportunity.lost_to) == (
        "lost",
        "integration",
        postnord,
    )
    assert opportunity.buying_phase == "purchase_decision"


def test_closed_cards_leave_the_board_after_a_month(client, kari, board_world):
    opportunity = board_world["contact"]
    long_ago = timezone.now() - timedelta(days=45)
    opportunity_move(opportunity=opportunity, actor=kari, phase="won", moved_at=long_ago)
    client.force_login(kari)
    assert "Fjellsport retur" not in client.get(BOARD).content.decode()


def test_the_board_costs_the_same_queries_for_few_or_many_cards(client, kari, segment):
    client.force_login(kari)
    account = AccountFactory(kam=kari, segment=segment)
    make_opportunity(account=account, phase="offer")
    client.get(BOARD)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(BOARD)
    for n, phase in enumerate(["identify", "contact", "negotiation", "offer"] * 3):
        make_opportunity(
            account=AccountFactory(kam=kari, segment=SegmentFactory()),
            phase=phase,
            title=f"Sak {n}",
            buying_phase="problem_recognition",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(BOARD)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_forecast_weighs_open_opportunities_by_month_kam_and_segment(
    client, kari, ola, admin_user, segment
):
    aviser = SegmentFactory(name="Aviser")
    make_opportunity(
        account=AccountFactory(kam=kari, segment=segment),
        annual_revenue=Decimal("1000000.00"),
        probability=40,
        expected_close_on=date(2026, 5, 20),
    )
    make_opportunity(
        account=AccountFactory(kam=ola, segment=aviser),
        annual_revenue=Decimal("500000.00"),
        probability=10,
        expected_close_on=date(2026, 5, 3),
    )
    won = make_opportunity(account=AccountFactory(kam=ola, segment=aviser), probability=90)
    opportunity_move(opportunity=won, actor=ola, phase="won", moved_at=timezone.now())
    client.force_login(admin_user)

    response = client.get("/pipeline/forecast/")

    forecast = response.context["forecast"]
    assert [(line.key, line.weighted) for line in forecast.by_month] == [
        (date(2026, 5, 1), Decimal("450000.00"))
    ]
    assert [(line.key, line.weighted) for line in forecast.by_kam] == [
        ("Kari Nordmann", Decimal("400000.00")),
        ("Ola Hansen", Decimal("50000.00")),
    ]
    assert [(line.key, line.weighted) for line in forecast.by_segment] == [
        ("Netthandel", Decimal("400000.00")),
        ("Aviser", Decimal("50000.00")),
    ]
    assert "NOK\xa0450,000.00" in response.content.decode()
    only_kari = client.get("/pipeline/forecast/", {"owner": kari.pk}).context["forecast"]
    assert only_kari.total.weighted == Decimal("400000.00")


def test_a_kam_opens_and_edits_an_opportunity_from_the_account_page(client, kari, karis_account):
    client.force_login(kari)
    page = client.get(karis_account.get_absolute_url()).content.decode()
    assert f"/pipeline/accounts/{karis_account.pk}/opportunities/new/" in page

    response = client.post(
        f"/pipeline/accounts/{karis_account.pk}/opportunities/new/",
        {
            "title": "Helgelevering",
            "kind": "more_services",
            "services": ["weekend"],
            "expected_parcels_per_month": "1200",
            "annual_revenue": "360000.00",
            "probability": "25",
            "expected_close_on": "2026-06-30",
            "owner": kari.pk,
        },
    )
    assert response.status_code == 302
    opportunity = Opportunity.objects.get(title="Helgelevering")
    assert opportunity.services == ["weekend"]
    assert opportunity.phase == "identify"

    response = client.post(
        f"/pipeline/opportunities/{opportunity.pk}/edit/",
        {
            "title": "Helgelevering 2026",
            "kind": "more_services",
            "services": ["weekend", "express"],
            "annual_revenue": "-1",
            "probability": "25",
            "owner": kari.pk,
            "version": opportunity.version,
        },
    )
    assert response.status_code == 200  # a negative revenue is refused
    assert "greater than or equal to 0" in response.content.decode()

    account_page = client.get(karis_account.get_absolute_url()).content.decode()
    assert "Helgelevering" in account_page
    assert 'id="panel-opportunities"' in account_page
    detail = client.get(opportunity.get_absolute_url()).content.decode()
    assert "History of moves" in detail
    assert "Weekend" in detail


def test_a_team_member_may_look_but_not_move(client, erik, karis_opportunity):
    from tests.factories import TeamMembershipFactory

    TeamMembershipFactory(account=karis_opportunity.account, user=erik)
    client.force_login(erik)
    assert client.get(karis_opportunity.get_absolute_url()).status_code == 200
    url = f"/pipeline/opportunities/{karis_opportunity.pk}/move/"
    assert client.post(url, {"phase": "contact"}).status_code == 403


def test_ola_gets_404_on_every_page_of_karis_opportunity(client, ola, karis_opportunity):
    client.force_login(ola)
    pk = karis_opportunity.pk
    account_id = karis_opportunity.account_id
    for url in (
        f"/pipeline/opportunities/{pk}/",
        f"/pipeline/opportunities/{pk}/edit/",
        f"/pipeline/opportunities/{pk}/move/",
        f"/pipeline/accounts/{account_id}/opportunities/new/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"phase": "won"}).status_code in (404, 405), url
    karis_opportunity.refresh_from_db()
    assert karis_opportunity.phase == "identify"
