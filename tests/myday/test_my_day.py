"""My day: the landing page that says what to act on today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nokkel.activities import services
from nokkel.plans.models import CustomerPlan
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def karis_day(kari, segment):
    today = timezone.localdate()
    quiet = AccountFactory(name="Stille Kunde AS", kam=kari, segment=segment)
    busy = AccountFactory(name="Travel Kunde AS", kam=kari, segment=segment)
    services.interaction_log(
        account=busy, author=kari, kind="phone", happened_at=timezone.now(), summary="Ringte"
    )
    services.follow_up_create(
        account=busy, actor=kari, title="Send prisliste", due_on=today - timedelta(days=3)
    )
    services.follow_up_create(account=busy, actor=kari, title="Ring lageret", due_on=today)
    services.follow_up_create(
        account=busy, actor=kari, title="Neste måned", due_on=today + timedelta(days=30)
    )
    services.interaction_log(
        account=busy,
        author=kari,
        kind="meeting",
        happened_at=timezone.now() + timedelta(days=2),
        summary="Kvartalsmøte planlagt",
    )
    CustomerPlan.objects.create(
        account=busy,
        status="active",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        next_review_on=today + timedelta(days=5),
    )
    return {"quiet": quiet, "busy": busy}


def test_my_day_is_the_landing_page(client, kari):
    client.force_login(kari)
    assert client.get("/").url == reverse("myday:my-day")


def test_kari_sees_what_to_act_on_today(client, kari, karis_day):
    client.force_login(kari)
    page = client.get(reverse("myday:my-day")).content.decode()
    assert "Send prisliste" in page  # overdue
    assert "Ring lageret" in page  # due today
    assert "Neste måned" not in page  # not this week
    assert "Stille Kunde AS" in page  # never contacted: time to get in touch
    assert "Meeting in person" in page  # the planned meeting is coming up
    assert "Plan review" in page


def test_ola_sees_nothing_of_karis_day(client, ola, karis_day):
    client.force_login(ola)
    page = client.get(reverse("myday:my-day")).content.decode()
    assert "Send prisliste" not in page
    assert "Stille Kunde AS" not in page


def test_a_sales_manager_sees_the_team_summary(client, sara, kari, karis_day):
    client.force_login(sara)
    page = client.get(reverse("myday:my-day")).content.decode()
    assert 'id="my-team"' in page
    assert "Kari Nordmann" in page


def test_my_day_runs_a_fixed_number_of_queries(client, kari, segment, karis_day):
    client.force_login(kari)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("myday:my-day"))
    for n in range(8):
        account = AccountFactory(kam=kari, segment=segment)
        services.follow_up_create(
            account=account,
            actor=kari,
            title=f"Oppgave {n}",
            due_on=timezone.localdate() - timedelta(days=1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("myday:my-day"))
    assert len(few.captured_queries) == len(many.captured_queries)
