"""The plans API, told as what integrations and people can and cannot do through it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nokkel.activities.models import FollowUp, FollowUpStatus
from nokkel.plans import services
from nokkel.plans.models import CustomerPlan, PlanStatus
from tests.factories import AccountFactory, TeamMembershipFactory
from tests.plans.factories import CustomerPlanFactory, ObjectiveFactory, PlanActionFactory

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"


def plan_url(plan: CustomerPlan, rest: str = "") -> str:
    return f"{PLANS}{plan.pk}/{rest}"


@pytest.fixture
def api_as():
    def client_for(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def plan(kari, karis_account):
    return services.plan_create(
        account=karis_account,
        actor=kari,
        data={"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)},
    )


def test_an_integration_creates_a_draft_plan_and_reads_it_back(api_as, kari, karis_account):
    client = api_as(kari)
    response = client.post(
        PLANS,
        {
            "account": karis_account.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "customer_goals": "Returløsning i alle butikker",
            "relationship_forms": ["formal", "social"],
            "cadence_days": 21,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["account_name"] == "Fjellsport Nettbutikk AS"
    assert body["relationship_forms"] == ["formal", "social"]
    assert body["created_by"] == "kari"
    assert body["objectives"] == []
    assert body["actions"] == []
    assert client.get(f"{PLANS}{body['id']}/").json()["cadence_days"] == 21


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_start": "2026-06-01", "period_end": "2026-05-01"}, "period_end"),
        ({"cadence_days": 0}, "cadence_days"),
        ({"cadence_days": 400}, "cadence_days"),
        ({"relationship_forms": ["friendly"]}, "relationship_forms"),
    ],
)
def test_bad_plans_are_400_naming_the_field(api_as, kari, karis_account, changes, field):
    data = {"account": karis_account.pk, "period_start": "2026-01-01", "period_end": "2026-12-31"}
    response = api_as(kari).post(PLANS, {**data, **changes}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CustomerPlan.objects.exists()


def test_a_second_active_plan_is_400_unless_replacing(api_as, kari, karis_account, plan):
    client = api_as(kari)
    assert client.patch(plan_url(plan), {"status": "active"}, format="json").status_code == 200
    other = services.plan_create(
        account=karis_account,
        actor=kari,
        data={"period_start": date(2027, 1, 1), "period_end": date(2027, 12, 31)},
    )

    refused = client.patch(plan_url(other), {"status": "active"}, format="json")
    assert refused.status_code == 400
    assert "already has an active plan" in refused.json()["status"][0]

    replaced = client.patch(
        plan_url(other), {"status": "active", "replace_active": True}, format="json"
    )
    assert replaced.status_code == 200
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED


def test_a_put_of_what_a_get_returned_succeeds_and_a_stale_one_is_409(api_as, kari, plan):
    client = api_as(kari)
    body = client.get(plan_url(plan)).json()
    body["customer_goals"] = "Flere pakker i helgene"
    response = client.put(plan_url(plan), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    stale = client.patch(plan_url(plan), {"customer_goals": "X", "version": 1}, format="json")
    assert stale.status_code == 409


def test_a_plan_stays_with_its_account(api_as, kari, plan, segment):
    other = AccountFactory(kam=kari, segment=segment)
    response = api_as(kari).patch(plan_url(plan), {"account": other.pk}, format="json")
    assert response.status_code == 400
    assert "account" in response.json()


def test_objectives_and_actions_are_added_and_nested_in_the_plan(api_as, kari, erik, plan):
    TeamMembershipFactory(account=plan.account, user=erik)
    client = api_as(kari)
    objective = client.post(
        plan_url(plan, "objectives/"),
        {"title": "98 % presisjon", "owner": "erik", "due_on": "2026-06-30", "progress": 20},
        format="json",
    )
    assert objective.status_code == 201, objective.json()
    action = client.post(
        plan_url(plan, "actions/"),
        {
            "title": "Gjennomgå avvik",
            "owner": "erik",
            "due_on": "2026-04-15",
            "objective": objective.json()["id"],
        },
        format="json",
    )
    assert action.status_code == 201, action.json()
    assert action.json()["follow_up"] == FollowUp.objects.get(owner=erik).pk

    body = client.get(plan_url(plan)).json()
    assert [o["title"] for o in body["objectives"]] == ["98 % presisjon"]
    assert body["actions"][0]["objective"] == objective.json()["id"]
    listed = client.get(plan_url(plan, "actions/")).json()
    assert set(listed) == {"count", "next", "previous", "results"}
    assert listed["count"] == 1

    progress = client.patch(
        plan_url(plan, f"objectives/{objective.json()['id']}/"), {"progress": 60}, format="json"
    )
    assert progress.status_code == 200
    assert progress.json()["progress"] == 60


def test_an_action_may_only_point_at_its_own_plans_objectives(api_as, kari, plan, segment):
    foreign = ObjectiveFactory(
        plan=CustomerPlanFactory(account=AccountFactory(kam=kari, segment=segment))
    )
    response = api_as(kari).post(
        plan_url(plan, "actions/"),
        {"title": "X", "owner": "kari", "due_on": "2026-04-15", "objective": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "objective" in response.json()


def test_the_owner_completes_an_action_and_its_follow_up(api_as, kari, erik, plan):
    TeamMembershipFactory(account=plan.account, user=erik)
    action = services.action_add(
        plan=plan, actor=kari, data={"title": "Ring", "owner": erik, "due_on": date(2026, 4, 1)}
    )
    response = api_as(erik).post(plan_url(plan, f"actions/{action.pk}/complete/"))
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["completed_on"] == timezone.localdate().isoformat()
    assert FollowUp.objects.get(pk=action.follow_up_id).status == FollowUpStatus.DONE


def test_a_team_member_may_not_change_the_plan(api_as, erik, plan):
    TeamMembershipFactory(account=plan.account, user=erik)
    client = api_as(erik)
    assert client.get(plan_url(plan)).status_code == 200
    assert client.patch(plan_url(plan), {"customer_goals": "X"}, format="json").status_code == 403
    assert (
        client.post(
            plan_url(plan, "actions/"),
            {"title": "X", "owner": "erik", "due_on": "2026-04-15"},
            format="json",
        ).status_code
        == 403
    )


def test_ola_gets_404_on_karis_plans_through_the_api(api_as, ola, kari, plan):
    action = PlanActionFactory(plan=plan, owner=kari)
    objective = ObjectiveFactory(plan=plan, owner=kari)
    client = api_as(ola)
    assert client.get(plan_url(plan)).status_code == 404
    assert client.patch(plan_url(plan), {"status": "active"}, format="json").status_code == 404
    assert client.get(plan_url(plan, "objectives/")).status_code == 404
    assert client.post(plan_url(plan, "objectives/"), {}, format="json").status_code == 404
    assert client.patch(plan_url(plan, f"objectives/{objective.pk}/"), {}).status_code == 404
    assert client.post(plan_url(plan, "actions/"), {}, format="json").status_code == 404
    assert client.post(plan_url(plan, f"actions/{action.pk}/complete/")).status_code == 404
    assert client.get(PLANS).json()["results"] == []
    assert client.get(PLANS, {"account": plan.account_id}).json()["count"] == 0
    # Nor may he start a plan for Kari's account.
    response = client.post(
        PLANS,
        {"account": plan.account_id, "period_start": "2026-01-01", "period_end": "2026-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert "account" in response.json()


def test_an_action_is_reached_only_through_its_own_plan(api_as, kari, plan, karis_account):
    other = CustomerPlanFactory(account=karis_account)
    action = PlanActionFactory(plan=other, owner=kari)
    response = api_as(kari).post(plan_url(plan, f"actions/{action.pk}/complete/"))
    assert response.status_code == 404


def test_the_plan_list_runs_the_same_queries_for_few_or_many_plans(api_as, kari, segment):
    client = api_as(kari)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PLANS).status_code == 200
        return len(ctx.captured_queries)

    def a_plan():
        plan = CustomerPlanFactory(account=AccountFactory(kam=kari, segment=segment))
        ObjectiveFactory(plan=plan)
        PlanActionFactory(plan=plan)

    a_plan()
    few = queries()
    for _ in range(8):
        a_plan()
    assert queries() == few
