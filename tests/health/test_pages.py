"""The early-warning list, acknowledging a warning, the account page's health panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from nokkel.accounts.models import Account
from nokkel.health.models import HealthSnapshot, WarningAcknowledgement
from nokkel.health.panels import health_context
from nokkel.health.selectors import warning_count, warning_list
from nokkel.timeline.describe import describe_event
from nokkel.timeline.models import EventKind, TimelineEvent
from nokkel.users.models import Role
from tests.factories import AccountFactory, ContactFactory, UserFactory
from tests.health.helpers import customer, interact, losing_key_account, months_before, ship

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def losing(kari, segment, today):
    return losing_key_account(kam=kari, today=today, segment=segment, name="Moltekaffe.no AS")


@pytest.fixture
def steady(kari, segment, today):
    account = customer(kam=kari, segment=segment, is_key_account=True, name="Stabil AS")
    ship(account, months_before(today, 24), [300] * 24)
    contact = ContactFactory(account=account)
    interact(account, today - timedelta(days=3), contacts=[contact])
    return account


def test_kari_sees_her_account_that_turned_red_with_reasons_and_next_steps(
    client, kari, losing, steady, today
):
    client.force_login(kari)
    response = client.get("/health/warnings/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Moltekaffe.no AS" in page
    assert "Stabil AS" not in page
    assert "Turned red" in page
    assert "Our champion Siri Lund left on" in page
    assert "No contact with this key account for 35 days" in page
    assert "Meet the new champion" in page or "Find and meet a new champion." in page
    rows = warning_list(user=kari, today=today)
    assert [row.account for row in rows] == [losing]
    assert rows[0].warning.turned_red
    codes = [reason.code for reason in rows[0].warning.reasons]
    assert codes[:2] == ["override_no_contact", "override_champion_left"]


def test_another_kam_does_not_see_karis_warnings_but_the_sales_manager_does(
    client, ola, sara, losing, today
):
    assert warning_list(user=ola, today=today) == []
    assert [row.account for row in warning_list(user=sara, today=today)] == [losing]
    client.force_login(ola)
    assert "Moltekaffe" not in client.get("/health/warnings/").content.decode()


def test_acknowledging_records_who_acted_and_how_on_the_timeline(client, kari, losing, today):
    client.force_login(kari)
    assert warning_count(user=kari, today=today) == 1
    response = client.post(
        f"/health/warnings/{losing.pk}/acknowledge/",
        {"as_of": today.isoformat(), "action": "Booket møte med Anna om ny avtale"},
    )
    assert response.status_code == 302
    acknowledgement = WarningAcknowledgement.objects.get()
    assert (acknowledgement.account, acknowledgement.user, acknowledgement.as_of) == (
        losing,
        kari,
        today,
    )
    assert (acknowledgement.band, acknowledgement.score) == ("red", 39)
    event = TimelineEvent.objects.get(kind=EventKind.HEALTH_WARNING_ACKNOWLEDGED)
    assert event.actor == kari
    assert "acknowledged: Booket møte med Anna om ny avtale" in describe_event(event)
    assert warning_count(user=kari, today=today) == 0
    page = client.get("/health/warnings/").content.decode()
    assert "Acknowledged by" in page
    timeline = client.get(losing.get_absolute_url()).content.decode()
    assert "Booket møte med Anna om ny avtale" in timeline


def test_an_acknowledgement_says_what_is_being_done(client, kari, losing, today):
    client.force_login(kari)
    client.post(f"/health/warnings/{losing.pk}/acknowledge/", {"as_of": today.isoformat()})
    client.post(
        f"/health/warnings/{losing.pk}/acknowledge/",
        {"as_of": today.isoformat(), "action": "   "},
    )
    assert not WarningAcknowledgement.objects.exists()


def test_only_those_who_answer_for_the_account_acknowledge(client, erik, losing, today):
    losing.memberships.create(user=erik, role="operations", started_on=today)
    client.force_login(erik)
    response = client.post(
        f"/health/warnings/{losing.pk}/acknowledge/",
        {"as_of": today.isoformat(), "action": "Sjekket"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_health_route_keeps_the_door(client, ola, losing, method):
    """Another KAM gets 404 on every new route that takes an account id."""
    client.force_login(ola)
    token = Token.objects.create(user=ola).key
    routes = [
        (f"/health/warnings/{losing.pk}/acknowledge/", {}),
        (f"/api/v1/accounts/{losing.pk}/health/", {"authorization": f"Token {token}"}),
    ]
    for url, headers in routes:
        status = getattr(client, method)(url, headers=headers).status_code
        assert status in (404, 405), (url, status)
    assert client.post(routes[0][0], {"as_of": "2026-01-01", "action": "x"}).status_code == 404
    assert client.get(routes[1][0]).status_code == 404


def test_the_warning_list_needs_a_login(client):
    assert client.get("/health/warnings/").status_code == 302


def test_the_panel_explains_the_score_and_shows_the_history(client, kari, losing, today):
    first = months_before(today, 2)
    HealthSnapshot.objects.create(account=losing, as_of=first, score=82, band="green")
    client.force_login(kari)
    page = client.get(losing.get_absolute_url()).content.decode()
    assert 'id="panel-health"' in page
    assert "Red whatever the sum, because:" in page
    assert "health-history-data" in page
    assert "health/health-chart.js" in page
    assert "82" in page


def test_the_health_panel_adds_a_fixed_number_of_queries(rf, kari, segment, today):
    small = customer(kam=kari, segment=segment, is_key_account=True)
    big = losing_key_account(kam=kari, today=today, segment=segment)
    for _ in range(8):
        interact(big, today - timedelta(days=50), contacts=[ContactFactory(account=big)])
    for month in range(6):
        HealthSnapshot.objects.create(
            account=big, as_of=months_before(today, month + 1), score=70, band="green"
        )
    request = rf.get("/")
    request.user = kari
    counts = []
    for account in (small, big):
        with CaptureQueriesContext(connection) as queries:
            health_context(request, Account.objects.get(pk=account.pk))
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    # The facts of all five components (contracts included) and the history.
    assert counts[0] <= 24


def test_a_read_only_user_sees_no_warnings(client, segment, losing):
    viewer = UserFactory(role=Role.READ_ONLY)
    client.force_login(viewer)
    assert client.get("/health/warnings/").status_code == 200
    assert warning_list(user=viewer, today=timezone.localdate()) == []


def test_a_prospect_gets_no_warning(kari, segment, today):
    AccountFactory(kam=kari, segment=segment, status="prospect")
    assert warning_list(user=kari, today=today) == []
