"""Customer plans change only through the services: one active plan per account, history kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nokkel.accounts.services import StaleEditError
from nokkel.activities.models import FollowUp, FollowUpStatus
from nokkel.audit.models import AuditEntry
from nokkel.plans import services
from nokkel.plans.models import ActionStatus, CustomerPlan, ObjectiveStatus, PlanStatus
from nokkel.plans.selectors import plan_history
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.factories import AccountFactory, TeamMembershipFactory, UserFactory
from tests.plans.factories import CustomerPlanFactory

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}
TODAY = date(2026, 3, 16)


@pytest.fixture
def plan(kari, karis_account):
    return services.plan_create(
        account=karis_account,
        actor=kari,
        data={**PERIOD, "customer_goals": "Vokse i Nord-Norge", "relationship_forms": ["social"]},
    )


def _plan_events(account) -> list[dict]:
    return [
        e.data for e in TimelineEvent.objects.filter(account=account, kind=EventKind.PLAN_CHANGED)
    ]


def test_a_kam_drafts_a_plan_and_it_is_on_the_timeline_and_in_the_audit_log(
    kari, karis_account, plan
):
    assert plan.status == PlanStatus.DRAFT
    assert plan.created_by == kari
    assert _plan_events(karis_account) == [
        {"plan": plan.pk, "period": ["2026-01-01", "2026-12-31"], "change": "created"}
    ]
    assert AuditEntry.objects.filter(
        object_type="plans.customerplan", object_id=str(plan.pk), action="create"
    ).exists()


def test_a_period_that_ends_before_it_starts_is_refused_on_the_end_date(kari, karis_account):
    with pytest.raises(ValidationError) as error:
        services.plan_create(
            account=karis_account,
            actor=kari,
            data={"period_start": date(2026, 6, 1), "period_end": date(2026, 5, 31)},
        )
    assert "period_end" in error.value.message_dict
    assert not CustomerPlan.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"relationship_forms": ["friendly"]}, "relationship_forms"),
        ({"cadence_days": 0}, "cadence_days"),
        ({"cadence_days": 366}, "cadence_days"),
    ],
)
def test_bad_plan_values_are_refused_by_field(kari, karis_account, data, field):
    with pytest.raises(ValidationError) as error:
        services.plan_create(account=karis_account, actor=kari, data={**PERIOD, **data})
    assert field in error.value.message_dict


def test_activating_a_new_plan_archives_the_active_one(kari, karis_account, plan):
    services.plan_activate(plan=plan, actor=kari)
    next_year = services.plan_create(
        account=karis_account,
        actor=kari,
        data={"period_start": date(2027, 1, 1), "period_end": date(2027, 12, 31)},
    )

    services.plan_activate(plan=next_year, actor=kari)

    plan.refresh_from_db()
    next_year.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED
    assert plan.archived_at is not None
    assert next_year.status == PlanStatus.ACTIVE
    assert next_year.activated_at is not None
    assert CustomerPlan.objects.filter(account=karis_account, status="active").count() == 1
    changes = [d["change"] for d in _plan_events(karis_account)]
    assert changes.count("archived") == 1
    assert changes.count("activated") == 2


def test_a_second_active_plan_is_refused_when_not_replacing(kari, karis_account, plan):
    services.plan_activate(plan=plan, actor=kari)
    other = services.plan_create(account=karis_account, actor=kari, data=PERIOD)

    with pytest.raises(ValidationError) as error:
        services.plan_activate(plan=other, actor=kari, replace_active=False)

    assert "status" in error.value.message_dict
    plan.refresh_from_db()
    other.refresh_from_db()
    assert (plan.status, other.status) == (PlanStatus.ACTIVE, PlanStatus.DRAFT)


def test_plans_of_other_accounts_are_left_alone(kari, karis_account, plan, segment):
    elsewhere = AccountFactory(kam=kari, segment=segment)
    theirs = services.plan_create(account=elsewhere, actor=kari, data=PERIOD)
    services.plan_activate(plan=theirs, actor=kari)
    services.plan_activate(plan=plan, actor=kari)
    theirs.refresh_from_db()
    assert theirs.status == PlanStatus.ACTIVE


def test_an_archived_plan_is_history_it_is_neither_changed_nor_made_active(kari, plan):
    services.plan_archive(plan=plan, actor=kari)
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, actor=kari, data={"customer_goals": "Nytt"})
    with pytest.raises(ValidationError) as error:
        services.plan_activate(plan=plan, actor=kari)
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.objective_add(
            plan=plan, actor=kari, data={"title": "Mer", "owner": kari, "due_on": TODAY}
        )
    # Archiving twice changes nothing.
    assert services.plan_archive(plan=plan, actor=kari).status == PlanStatus.ARCHIVED


def test_an_update_saves_audits_and_tells_only_what_changed(kari, karis_account, plan):
    updated = services.plan_update(
        plan=plan,
        actor=kari,
        data={**PERIOD, "cadence_days": 14, "next_review_on": date(2026, 6, 1)},
        expected_version=1,
    )
    assert updated.version == 2
    audited = set(
        AuditEntry.objects.filter(object_type="plans.customerplan", action="update").values_list(
            "field", flat=True
        )
    )
    assert audited == {"cadence_days", "next_review_on"}
    last = _plan_events(karis_account)[0]
    assert last["change"] == "updated"
    assert last["values"]["cadence_days"] == [None, 14]
    assert last["values"]["next_review_on"] == [None, "2026-06-01"]

    # Sending the same values again is not a change.
    services.plan_update(plan=updated, actor=kari, data={"cadence_days": 14})
    assert len(_plan_events(karis_account)) == 2


def test_an_edit_from_a_stale_version_is_refused(kari, plan):
    services.plan_update(plan=plan, actor=kari, data={"customer_goals": "Først"})
    with pytest.raises(StaleEditError):
        services.plan_update(
            plan=plan, actor=kari, data={"customer_goals": "Sist"}, expected_version=1
        )


def test_an_update_can_activate_but_never_go_back_to_draft(kari, plan):
    active = services.plan_update(plan=plan, actor=kari, data={"status": "active"})
    assert active.status == PlanStatus.ACTIVE
    with pytest.raises(ValidationError) as error:
        services.plan_update(plan=plan, actor=kari, data={"status": "draft"})
    assert "status" in error.value.message_dict


def test_objectives_need_an_owner_who_can_open_the_account(kari, ola, erik, karis_account, plan):
    with pytest.raises(ValidationError) as error:
        services.objective_add(
            plan=plan, actor=kari, data={"title": "Øke volum", "owner": ola, "due_on": TODAY}
        )
    assert "owner" in error.value.message_dict
    TeamMembershipFactory(account=karis_account, user=erik)
    objective = services.objective_add(
        plan=plan,
        actor=kari,
        data={"title": "Øke volum", "measure": "+10 % pakker", "owner": erik, "due_on": TODAY},
    )
    assert objective.owner == erik


def test_marking_an_objective_done_sets_progress_to_100_and_is_audited(kari, plan):
    objective = services.objective_add(
        plan=plan, actor=kari, data={"title": "Integrasjon", "owner": kari, "due_on": TODAY}
    )
    done = services.objective_update(
        objective=objective, actor=kari, data={"status": ObjectiveStatus.DONE}
    )
    assert (done.status, done.progress) == ("done", 100)
    fields = set(
        AuditEntry.objects.filter(object_type="plans.objective").values_list("field", flat=True)
    )
    assert {"status", "progress"} <= fields


def test_an_action_gives_its_owner_a_follow_up(kari, erik, karis_account, plan):
    TeamMembershipFactory(account=karis_account, user=erik)
    action = services.action_add(
        plan=plan,
        actor=kari,
        data={"title": "Demo av returløsning", "owner": erik, "due_on": TODAY},
    )
    follow_up = action.follow_up
    assert follow_up is not None
    assert (follow_up.owner, follow_up.title, follow_up.due_on) == (
        erik,
        "Demo av returløsning",
        TODAY,
    )
    assert follow_up.source == "manual"
    assert follow_up.account == karis_account


def test_an_action_links_only_to_its_own_plans_objectives(kari, karis_account, plan, segment):
    elsewhere = services.plan_create(
        account=AccountFactory(kam=kari, segment=segment), actor=kari, data=PERIOD
    )
    foreign = services.objective_add(
        plan=elsewhere, actor=kari, data={"title": "Annet", "owner": kari, "due_on": TODAY}
    )
    with pytest.raises(ValidationError) as error:
        services.action_add(
            plan=plan,
            actor=kari,
            data={"title": "X", "owner": kari, "due_on": TODAY, "objective": foreign},
        )
    assert "objective" in error.value.message_dict
    assert not FollowUp.objects.filter(account=karis_account).exists()


def test_completing_an_action_dates_it_and_completes_its_follow_up(kari, plan):
    action = services.action_add(
        plan=plan, actor=kari, data={"title": "Ring logistikksjef", "owner": kari, "due_on": TODAY}
    )
    done = services.action_complete(action=action, actor=kari, today=date(2026, 3, 20))
    assert (done.status, done.completed_on) == (ActionStatus.DONE, date(2026, 3, 20))
    follow_up = FollowUp.objects.get(pk=action.follow_up_id)
    assert follow_up.status == FollowUpStatus.DONE
    # Twice changes nothing, not even the date.
    again = services.action_complete(action=action, actor=kari, today=date(2026, 4, 1))
    assert again.completed_on == date(2026, 3, 20)


def test_completing_the_follow_up_through_plans_completes_the_action(kari, plan):
    action = services.action_add(
        plan=plan, actor=kari, data={"title": "Send tilbud", "owner": kari, "due_on": TODAY}
    )
    services.plan_follow_up_complete(follow_up=action.follow_up, actor=kari, today=TODAY)
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (ActionStatus.DONE, TODAY)
    assert FollowUp.objects.get(pk=action.follow_up_id).status == FollowUpStatus.DONE


def test_the_plan_history_says_who_changed_what(kari, plan):
    services.plan_update(plan=plan, actor=kari, data={"cadence_days": 14})
    services.action_add(
        plan=plan, actor=kari, data={"title": "Besøk lager", "owner": kari, "due_on": TODAY}
    )
    texts = [text for _event, text in plan_history(user=kari, plan=plan)]
    assert texts[0] == "Action added: Besøk lager (Kari Nordmann, due 16.03.2026)."
    assert texts[1] == (
        "Customer plan 01.01.2026–31.12.2026 changed: contact every (days): – → 14."
    )
    assert texts[2] == "Customer plan 01.01.2026–31.12.2026 drafted."


def test_a_plan_outlives_the_person_who_wrote_it(kari, karis_account):
    leaver = UserFactory(username="leaver")
    plan = CustomerPlanFactory(account=karis_account, created_by=leaver)
    leaver.delete()
    plan.refresh_from_db()
    assert plan.created_by is None
    updated = services.plan_update(plan=plan, actor=kari, data={"customer_goals": "Videre"})
    assert updated.customer_goals == "Videre"
