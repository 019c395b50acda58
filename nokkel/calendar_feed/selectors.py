"""Reads for the calendar feed: the token's owner, and the events of their calendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.activities.models import Interaction, InteractionKind
from nokkel.activities.selectors import follow_up_list
from nokkel.calendar_feed.ics import CalendarEvent
from nokkel.calendar_feed.models import CalendarFeedToken
from nokkel.plans.models import CustomerPlan, PlanStatus
from nokkel.users.models import User

# Meetings this far back stay in the calendar, so last week's notes are one click away.
MEETINGS_KEPT_DAYS = 30


def calendar_feed_token_get(*, token: str) -> CalendarFeedToken:
    """The feed address with its user; DoesNotExist for an unknown token or an inactive user."""
    return CalendarFeedToken.objects.select_related("user").get(token=token, user__is_active=True)


def calendar_feed_token_of(*, user: User) -> CalendarFeedToken | None:
    """The user's feed address; None until they have asked for one."""
    return CalendarFeedToken.objects.filter(user=user).first()


def _meetings(*, user: User, since: datetime) -> list[CalendarEvent]:
    attended = Interaction.participants.through.objects.filter(user=user).values("interaction_id")
    involved = Q(author=user) | Q(account__kam=user) | Q(account__deputy=user) | Q(pk__in=attended)
    interactions = (
        Interaction.objects.visible_to(user)
        .filter(involved, happened_at__gte=since)
        .exclude(kind=InteractionKind.EMAIL)
        .select_related("account")
        .order_by("happened_at", "id")
    )
    return [
        CalendarEvent(
            uid=f"interaction-{interaction.pk}@nokkel",
            summary=f"{interaction.get_kind_display()}: {interaction.account.name}",
            start=interaction.happened_at,
            path=interaction.get_absolute_url(),
            stamp=interaction.updated_at,
            # A confidential summary stays in Nøkkel: calendars are shared with assistants
            # and colleagues who may not see it, and the feed address is a weaker key.
            description="" if interaction.confidential else interaction.summary,
            private=interaction.confidential,
        )
        for interaction in interactions
    ]


def _follow_ups(*, user: User) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            uid=f"follow-up-{follow_up.pk}@nokkel",
            summary=_("Follow-up: %(title)s (%(account)s)")
            % {"title": follow_up.title, "account": follow_up.account.name},
            start=follow_up.due_on,
            path=f"{follow_up.account.get_absolute_url()}#panel-activity",
            stamp=follow_up.created_at,
        )
        for follow_up in follow_up_list(user=user, owner=user)
    ]


def _plan_reviews(*, user: User) -> list[CalendarEvent]:
    plans = (
        CustomerPlan.objects.visible_to(user)
        .filter(Q(account__kam=user) | Q(account__deputy=user))
        .filter(status=PlanStatus.ACTIVE, next_review_on__isnull=False)
        .select_related("account")
        .order_by("next_review_on", "id")
    )
    return [
        CalendarEvent(
            uid=f"plan-review-{plan.pk}@nokkel",
            summary=_("Plan review: %(account)s") % {"account": plan.account.name},
            start=plan.next_review_on,
            path=plan.get_absolute_url(),
            stamp=plan.updated_at,
        )
        for plan in plans
        if plan.next_review_on is not None
    ]


def calendar_feed_events(*, user: User, today: date) -> list[CalendarEvent]:
    """What the user's calendar shows, as plain data, in three queries (four for a sales
    manager, whose segments are read once):

    - meetings on accounts the user may see, from MEETINGS_KEPT_DAYS before `today` on,
      that the user wrote, attended, or holds the account for as KAM or deputy (e-mails
      are not meetings and stay out; confidential ones only reach those who may see them);
    - the user's own open follow-ups, all day on their due date;
    - reviews of active plans on accounts the user is KAM or deputy of, all day.
    """
    since = timezone.make_aware(
        datetime.combine(today - timedelta(days=MEETINGS_KEPT_DAYS), time.min)
    )
    return [*_meetings(user=user, since=since), *_follow_ups(user=user), *_plan_reviews(user=user)]
