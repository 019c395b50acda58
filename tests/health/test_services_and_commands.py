"""Snapshots, the weekly digest, and the commands: snapshots, digest and the backtest."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from nokkel.health.models import HealthSnapshot
from nokkel.health.services import health_digest_send, health_snapshot_month, warning_acknowledge
from tests.factories import AccountFactory, ContactFactory
from tests.health.helpers import customer, interact, left, losing_key_account, seasonal, ship

pytestmark = pytest.mark.django_db
FIRST = date(2024, 1, 1)


def _lost_history(kam, segment):
    """A key account that moves its volume to a rival over four months from March 2025,
    goes quiet, and leaves on 1 August 2025."""
    account = customer(kam=kam, segment=segment, is_key_account=True, name="Moltekaffe.no AS")
    factors = [1.0] * 14 + [0.79, 0.575, 0.36, 0.15, 0.15] + [0.0] * 5
    ship(account, FIRST, [round(p * f) for p, f in zip(seasonal(FIRST, 24, 400), factors,
                                                        strict=True)])  # fmt: skip
    boss = ContactFactory(account=account)
    day = date(2024, 1, 3)
    while day < date(2025, 2, 20):
        interact(account, day, contacts=[boss])
        day += timedelta(days=10)
    left(account, date(2025, 8, 1))
    return account


def _seasonal_customer(kam, segment, name):
    account = customer(kam=kam, segment=segment, name=name)
    ship(account, FIRST, seasonal(FIRST, 24, 150, growth=0.002))
    return account


def test_the_backtest_finds_the_loss_early_and_no_false_alarm_on_the_season(kari, segment):
    lost = _lost_history(kari, segment)
    _seasonal_customer(kari, segment, "Julehandel AS")
    _seasonal_customer(kari, segment, "Sommersko AS")
    out = StringIO()
    call_command("health_backtest", "--from", "2025-01", "--to", "2025-12", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert len(report["months"]) == 12
    (row,) = report["lost"]
    assert row["account_id"] == lost.pk
    assert row["kind"] == "volume_then_left"
    assert row["left_month"] == "2025-08-01"
    assert row["months_red_before_leaving"] >= 2
    assert row["months_red_before_loss"] >= 1
    assert report["stayed"] == 2
    assert report["stayed_red"] == 0
    assert report["seasonal"] >= 1


def test_the_backtest_prints_a_readable_report(kari, segment):
    _lost_history(kari, segment)
    out = StringIO()
    call_command("health_backtest", "--from", "2025-01", "--to", "2025-12", stdout=out,
                 stderr=StringIO())  # fmt: skip
    text = out.getvalue()
    assert "Moltekaffe.no AS" in text
    assert "red because:" in text
    assert "Stayed: 0" in text


@pytest.mark.parametrize(
    "args", [("--from", "2025-13", "--to", "2025-12"), ("--from", "2025-06", "--to", "2025-01")]
)
def test_the_backtest_wants_months_in_order(args):
    with pytest.raises(CommandError):
        call_command("health_backtest", *args, stdout=StringIO())


def test_snapshots_store_each_customer_as_of_the_first_day_and_replace_a_rerun(kari, segment):
    lost = _lost_history(kari, segment)
    steady = _seasonal_customer(kari, segment, "Julehandel AS")
    AccountFactory(kam=kari, segment=segment, status="prospect")
    assert health_snapshot_month(as_of=date(2025, 6, 17)) == 2
    assert health_snapshot_month(as_of=date(2025, 6, 1)) == 2
    snapshots = {s.account_id: s for s in HealthSnapshot.objects.filter(as_of=date(2025, 6, 1))}
    assert set(snapshots) == {lost.pk, steady.pk}
    red = snapshots[lost.pk]
    assert red.band == "red"
    assert red.overrides[0]["code"] == "override_volume_drop"
    assert {c["key"] for c in red.components} >= {"volume", "engagement", "voice"}
    assert red.reasons[0]["code"] == "override_volume_drop"
    # After it left, the lost account gets no snapshot.
    assert health_snapshot_month(as_of=date(2025, 9, 1)) == 1


def test_the_snapshot_command_fills_a_range_of_months(kari, segment):
    _seasonal_customer(kari, segment, "Julehandel AS")
    out = StringIO()
    call_command("health_snapshots", "--from", "2025-01", "--to", "2025-03", stdout=out,
                 stderr=StringIO())  # fmt: skip
    assert sorted(HealthSnapshot.objects.values_list("as_of", flat=True)) == [
        date(2025, 1, 1),
        date(2025, 2, 1),
        date(2025, 3, 1),
    ]
    assert "2025-03: 1 snapshots" in out.getvalue()


def test_the_snapshot_task_runs_the_same_service(kari, segment):
    from nokkel.health.tasks import health_snapshots

    _seasonal_customer(kari, segment, "Julehandel AS")
    result = health_snapshots.enqueue("2025-01-01", "2025-02-01")
    assert result.return_value == 2


def test_the_weekly_digest_mails_each_kam_their_open_warnings(kari, ola, sara, segment, settings):
    today = timezone.localdate()
    losing = losing_key_account(kam=kari, today=today, segment=segment, name="Moltekaffe.no AS")
    assert health_digest_send(today=today, base_url="https://crm.example") == 2  # Kari, Sara
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {kari.email, sara.email}
    body = by_person[kari.email].body
    assert "Moltekaffe.no AS: score 39 (red)" in body
    assert "Our champion Siri Lund left" in body
    assert f"https://crm.example/accounts/{losing.pk}/" in body
    assert "https://crm.example/health/warnings/" in body
    assert "1 health warning" in by_person[kari.email].subject

    # From cron, without an address given, the links start with the site's own.
    mail.outbox.clear()
    settings.NOKKEL_BASE_URL = "https://nokkel.carrier.example"
    call_command("health_digest", stdout=StringIO())
    assert f"https://nokkel.carrier.example/accounts/{losing.pk}/" in mail.outbox[0].body

    mail.outbox.clear()
    warning_acknowledge(account=losing, user=kari, as_of=today, action="Møte booket")
    out = StringIO()
    call_command("health_digest", stdout=out)
    assert mail.outbox == []
    assert "Sent 0 digests" in out.getvalue()
