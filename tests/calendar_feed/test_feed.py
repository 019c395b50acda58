"""The personal calendar feed: what reaches a user's Outlook or Google Calendar, and who
can fetch it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nokkel.activities import services as activities
from nokkel.activities.models import FollowUp
from nokkel.audit.models import AuditAction, AuditEntry
from nokkel.calendar_feed.models import CalendarFeedToken
from nokkel.calendar_feed.services import calendar_token_regenerate
from nokkel.plans.models import CustomerPlan, PlanStatus
from tests.factories import AccountFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_rate_limit():
    cache.clear()
    yield
    cache.clear()


def in_days(days: int, hour: int = 10) -> datetime:
    return (timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def on(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def feed_url(user) -> str:
    token = CalendarFeedToken.objects.get_or_create(user=user)[0].token
    return reverse("calendar_feed:feed", kwargs={"token": token})


def fetch(client, user) -> icalendar.Calendar:
    response = client.get(feed_url(user))
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def active_plan(account, review_in_days: int) -> CustomerPlan:
    return CustomerPlan.objects.create(
        account=account,
        status=PlanStatus.ACTIVE,
        period_start=on(-100),
        period_end=on(265),
        next_review_on=on(review_in_days),
    )


def meeting(account, author, days: int, **fields):
    return activities.interaction_log(
        account=account,
        author=author,
        kind=fields.pop("kind", "meeting"),
        happened_at=in_days(days),
        summary=fields.pop("summary", "Kvartalsmøte"),
        **fields,
    )


def follow_up(account, owner, days: int, title: str = "Send tilbud") -> FollowUp:
    return activities.follow_up_create(
        account=account, actor=owner, owner=owner, title=title, due_on=on(days)
    )


@pytest.fixture
def karis_calendar(kari, ola, karis_account):
    """Kari's three events, things that must stay out of her calendar, and Ola's events."""
    mine = {
        "meeting": meeting(karis_account, kari, 2, summary="Kvartalsmøte om helgelevering"),
        "follow_up": follow_up(karis_account, kari, 3, title="Send tilbud på retur"),
        "plan": active_plan(karis_account, 10),
    }
    meeting(karis_account, kari, -40)  # older than the feed reaches back
    meeting(karis_account, kari, 1, kind="email")  # an e-mail is not a meeting
    done = follow_up(karis_account, kari, 5, title="Allerede gjort")
    activities.follow_up_complete(follow_up=done, actor=kari)
    CustomerPlan.objects.create(
        account=karis_account,
        status=PlanStatus.DRAFT,
        period_start=on(300),
        period_end=on(600),
        next_review_on=on(20),
    )
    olas_account = AccountFactory(name="Olas Kunde AS", kam=ola)
    meeting(olas_account, ola, 2)
    follow_up(olas_account, ola, 3)
    active_plan(olas_account, 10)
    return mine


def test_karis_feed_holds_her_meeting_follow_up_and_plan_review_and_nothing_of_olas(
    client, kari, karis_account, karis_calendar, settings
):
    # The links lead to the configured site, whatever Host the calendar server named.
    settings.NOKKEL_BASE_URL = "https://crm.carrier.example/"
    calendar = fetch(client, kari)
    events = events_by_uid(calendar)
    planned = karis_calendar["meeting"]
    due = karis_calendar["follow_up"]
    plan = karis_calendar["plan"]
    assert set(events) == {
        f"interaction-{planned.pk}@nokkel",
        f"follow-up-{due.pk}@nokkel",
        f"plan-review-{plan.pk}@nokkel",
    }

    event = events[f"interaction-{planned.pk}@nokkel"]
    assert str(event["SUMMARY"]) == "Meeting in person: Fjellsport Nettbutikk AS"
    assert str(event["DESCRIPTION"]) == "Kvartalsmøte om helgelevering"
    assert event.decoded("DTSTART") == planned.happened_at
    assert event["DTSTART"].to_ical().endswith(b"Z")  # sent in UTC
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert str(event["URL"]) == f"https://crm.carrier.example/activities/interactions/{planned.pk}/"
    assert "DTSTAMP" in event

    event = events[f"follow-up-{due.pk}@nokkel"]
    assert str(event["SUMMARY"]) == "Follow-up: Send tilbud på retur (Fjellsport Nettbutikk AS)"
    assert event.decoded("DTSTART") == due.due_on
    assert not isinstance(event.decoded("DTSTART"), datetime)  # DTSTART;VALUE=DATE
    assert str(event["URL"]).startswith(
        f"https://crm.carrier.example{karis_account.get_absolute_url()}"
    )

    event = events[f"plan-review-{plan.pk}@nokkel"]
    assert str(event["SUMMARY"]) == "Plan review: Fjellsport Nettbutikk AS"
    assert event.decoded("DTSTART") == plan.next_review_on
    assert not isinstance(event.decoded("DTSTART"), datetime)
    assert str(event["URL"]) == f"https://crm.carrier.example/plans/{plan.pk}/"


def test_the_calendar_names_itself_and_its_maker(client, kari, karis_calendar):
    response = client.get(feed_url(kari))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["PRODID"]) == "-//Nøkkel//Nøkkel CRM//NB"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Nøkkel – Kari Nordmann"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Oslo"


def test_the_deputy_and_the_participants_see_the_meeting_too(client, kari, ola, erik, segment):
    account = AccountFactory(kam=kari, deputy=ola, segment=segment)
    TeamMembershipFactory(account=account, user=erik)
    planned = meeting(account, kari, 4, participants=[erik])
    active_plan(account, 14)
    assert f"interaction-{planned.pk}@nokkel" in events_by_uid(fetch(client, ola))
    erik_sees = events_by_uid(fetch(client, erik))
    assert set(erik_sees) == {f"interaction-{planned.pk}@nokkel"}  # no plan review: not KAM


def test_a_confidential_meeting_stays_out_of_a_team_members_feed(client, kari, erik, karis_account):
    TeamMembershipFactory(account=karis_account, user=erik)
    open_meeting = meeting(karis_account, kari, 2, participants=[erik])
    secret = meeting(
        karis_account, kari, 3, participants=[erik], confidential=True, summary="Prisforhandling"
    )
    assert set(events_by_uid(fetch(client, erik))) == {f"interaction-{open_meeting.pk}@nokkel"}
    # Kari holds it, without its text: calendars are shared more widely than Nøkkel is.
    karis = events_by_uid(fetch(client, kari))[f"interaction-{secret.pk}@nokkel"]
    assert "DESCRIPTION" not in karis
    assert str(karis["CLASS"]) == "PRIVATE"


def test_an_unknown_token_is_404(client):
    url = reverse("calendar_feed:feed", kwargs={"token": "no-such-token"})
    assert client.get(url).status_code == 404


def test_an_inactive_users_feed_is_404(client, kari):
    url = feed_url(kari)
    kari.is_active = False
    kari.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_a_new_address_stops_the_old_one_at_once(client, kari):
    old_url = feed_url(kari)
    assert client.get(old_url).status_code == 200
    client.force_login(kari)
    response = client.post(reverse("calendar_feed:token-regenerate"))
    assert response.status_code == 302
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(kari)).status_code == 200
    assert feed_url(kari) != old_url
    assert AuditEntry.objects.filter(action=AuditAction.TOKEN_ISSUED, actor=kari).exists()


def test_regenerating_gives_a_fresh_unguessable_token(kari):
    first = calendar_token_regenerate(user=kari)
    second = calendar_token_regenerate(user=kari)
    assert first != second
    assert len(second) >= 43
    assert CalendarFeedToken.objects.get(user=kari).token == second


def test_the_feed_answers_429_after_60_requests_a_minute(client, kari):
    url = feed_url(kari)
    for _ in range(60):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_guessing_tokens_from_one_address_is_refused_before_the_database_is_asked(client, kari):
    url = feed_url(kari)
    for n in range(30):
        guess = reverse("calendar_feed:feed", kwargs={"token": f"guess-{n}"})
        assert client.get(guess).status_code == 404

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("calendar_feed:feed", kwargs={"token": "guess-31"}))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert len(queries) == 0
    assert client.get(url).status_code == 429  # from that address, even a real link waits
    # Another address is not held up.
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_feed_notes_when_it_was_last_fetched_at_most_once_an_hour(client, kari):
    url = feed_url(kari)
    client.get(url)
    first = CalendarFeedToken.objects.get(user=kari).last_used_at
    assert first is not None
    client.get(url)
    assert CalendarFeedToken.objects.get(user=kari).last_used_at == first
    CalendarFeedToken.objects.filter(user=kari).update(last_used_at=first - timedelta(hours=2))
    client.get(url)
    assert CalendarFeedToken.objects.get(user=kari).last_used_at > first - timedelta(hours=1)


def _feed_queries(client, user) -> int:
    url = feed_url(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_feed_costs_the_same_queries_for_one_event_or_many(client, kari, erik, segment):
    account = AccountFactory(kam=kari, segment=segment)
    meeting(account, kari, 1, participants=[erik])
    follow_up(account, kari, 2)
    active_plan(account, 3)
    few = _feed_queries(client, kari)
    for days in range(2, 12):
        other = AccountFactory(kam=kari, segment=segment)
        meeting(other, kari, days, participants=[erik])
        meeting(other, erik, days)
        follow_up(other, kari, days)
        active_plan(other, days)
    cache.clear()
    assert len(events_by_uid(fetch(client, kari))) == 43
    cache.clear()
    assert _feed_queries(client, kari) == few


def test_opening_the_settings_page_issues_no_address_until_the_user_asks(client, kari):
    client.force_login(kari)
    response = client.get(reverse("calendar_feed:settings"))
    assert response.status_code == 200
    assert "Create my address" in response.content.decode()
    assert not CalendarFeedToken.objects.filter(user=kari).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.TOKEN_ISSUED).exists()

    response = client.post(reverse("calendar_feed:settings"))

    assert response.status_code == 302
    assert CalendarFeedToken.objects.filter(user=kari).exists()
    assert AuditEntry.objects.filter(action=AuditAction.TOKEN_ISSUED, actor=kari).count() == 1
    client.post(reverse("calendar_feed:settings"))  # asking again changes nothing
    assert AuditEntry.objects.filter(action=AuditAction.TOKEN_ISSUED, actor=kari).count() == 1


def test_the_settings_page_hands_out_the_absolute_feed_address(client, kari):
    client.force_login(kari)
    client.post(reverse("calendar_feed:settings"))
    response = client.get(reverse("calendar_feed:settings"))
    assert response.status_code == 200
    token = CalendarFeedToken.objects.get(user=kari).token
    assert f"http://testserver/calendar/feed/{token}.ics" in response.content.decode()
    assert "Generate a new address" in response.content.decode()


def test_the_settings_page_needs_a_login_and_the_new_address_a_post(client, kari):
    assert client.get(reverse("calendar_feed:settings")).status_code == 302
    client.force_login(kari)
    assert client.get(reverse("calendar_feed:token-regenerate")).status_code == 405
    assert not CalendarFeedToken.objects.filter(user=kari).exists()
