"""The customer plan pages as a KAM and her team use them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nokkel.activities.models import FollowUp, FollowUpStatus
from nokkel.activities.services import interaction_log
from nokkel.plans import services
from nokkel.plans.models import ActionStatus, CustomerPlan, PlanAction, PlanStatus
from nokkel.plans.panels import plan_context
from tests.factories import TeamMembershipFactory
from tests.plans.factories import CustomerPlanFactory, ObjectiveFactory, PlanActionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def plan(kari, karis_account):
    return services.plan_create(
        account=karis_account,
        actor=kari,
        data={
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
            "customer_goals": "Raskere levering til hytta",
        },
    )


def test_kari_creates_a_draft_plan_for_her_key_account(client, kari, karis_account):
    client.force_login(kari)
    url = reverse("plans:plan-create", kwargs={"account_id": karis_account.pk})
    assert "Leave empty for the default" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "period_start": "2026-01-01",
            "period_end": "31.12.2026",
            "customer_goals": "Levere samme dag i Oslo",
            "relationship_forms": ["professional", "technological"],
            "cadence_days": "",
            "next_review_on": "2026-06-01",
        },
    )

    plan = CustomerPlan.objects.get(account=karis_account)
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert plan.status == PlanStatus.DRAFT
    assert plan.relationship_forms == ["professional", "technological"]
    assert plan.cadence_days is None


def test_a_period_ending_before_it_starts_is_shown_on_the_end_date(client, kari, karis_account):
    client.force_login(kari)
    response = client.post(
        reverse("plans:plan-create", kwargs={"account_id": karis_account.pk}),
        {"period_start": "2026-06-01", "period_end": "2026-05-01"},
    )
    assert response.status_code == 200
    assert "The plan period must end after it starts." in response.content.decode()
    assert not CustomerPlan.objects.exists()


def test_the_plan_page_reads_as_one_document_with_a_print_style_sheet(client, kari, plan):
    ObjectiveFactory(plan=plan, title="Leveringspresisjon 98 %", owner=kari)
    client.force_login(kari)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'media="print"' in page
    assert "plans/print.css" in page
    assert "Raskere levering til hytta" in page
    assert "Leveringspresisjon 98 %" in page
    assert 'id="plan-history"' in page
    assert "drafted" in page  # who changed what when
    assert "Kari Nordmann" in page


def test_an_action_is_completed_in_one_click(client, kari, plan):
    action = services.action_add(
        plan=plan, actor=kari, data={"title": "Ring Per", "owner": kari, "due_on": date(2026, 3, 1)}
    )
    client.force_login(kari)
    assert "Mark as done" in client.get(plan.get_absolute_url()).content.decode()

    response = client.post(
        reverse("plans:action-complete", kwargs={"action_id": action.pk}), headers=HTMX
    )

    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith(f'<li id="action-{action.pk}"')
    assert "Mark as done" not in row
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.completed_on == timezone.localdate()
    assert FollowUp.objects.get(pk=action.follow_up_id).status == FollowUpStatus.DONE


def test_objectives_and_actions_are_added_in_place(client, kari, plan):
    client.force_login(kari)
    form = client.get(
        reverse("plans:objective-create", kwargs={"plan_id": plan.pk}), headers=HTMX
    ).content.decode()
    assert 'hx-target="#plan-objectives"' in form
    section = client.post(
        reverse("plans:objective-create", kwargs={"plan_id": plan.pk}),
        {
            "title": "EDI-integrasjon i drift",
            "measure": "Alle ordre via API",
            "owner": kari.pk,
            "due_on": "2026-09-30",
            "status": "on_track",
            "progress": "40",
        },
        headers=HTMX,
    ).content.decode()
    assert 'id="plan-objectives"' in section
    assert "EDI-integrasjon i drift" in section
    objective = plan.objectives.get()

    section = client.post(
        reverse("plans:action-create", kwargs={"plan_id": plan.pk}),
        {
            "title": "Møte med IT",
            "objective": objective.pk,
            "owner": kari.pk,
            "due_on": "2026-04-01",
        },
        headers=HTMX,
    ).content.decode()
    assert 'id="plan-actions"' in section
    assert "Møte med IT" in section
    action = PlanAction.objects.get(plan=plan)
    assert action.objective == objective
    assert action.follow_up.owner == kari


def test_a_form_with_errors_goes_back_into_its_slot(client, kari, plan):
    client.force_login(kari)
    response = client.post(
        reverse("plans:action-create", kwargs={"plan_id": plan.pk}),
        {"title": "", "owner": kari.pk, "due_on": "2026-04-01"},
        headers=HTMX,
    )
    assert response.headers["HX-Retarget"] == "#action-form-slot"
    assert "This field is required." in response.content.decode()


def test_activating_from_the_page_archives_the_current_plan(client, kari, karis_account, plan):
    old = CustomerPlanFactory(account=karis_account, status=PlanStatus.ACTIVE)
    client.force_login(kari)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "archives the current active plan" in page

    client.post(reverse("plans:plan-activate", kwargs={"plan_id": plan.pk}))

    old.refresh_from_db()
    plan.refresh_from_db()
    assert (old.status, plan.status) == (PlanStatus.ARCHIVED, PlanStatus.ACTIVE)
    client.post(reverse("plans:plan-archive", kwargs={"plan_id": plan.pk}))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED


def test_a_team_member_completes_her_own_action_but_does_not_edit_the_plan(
    client, kari, erik, karis_account, plan
):
    TeamMembershipFactory(account=karis_account, user=erik)
    own = services.action_add(
        plan=plan,
        actor=kari,
        data={"title": "Sjekk skanning", "owner": erik, "due_on": date(2026, 4, 1)},
    )
    karis = services.action_add(
        plan=plan,
        actor=kari,
        data={"title": "Forhandle pris", "owner": kari, "due_on": date(2026, 4, 1)},
    )
    client.force_login(erik)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("plans:plan-edit", kwargs={"plan_id": plan.pk})).status_code == 403
    assert (
        client.post(reverse("plans:action-create", kwargs={"plan_id": plan.pk})).status_code == 403
    )
    assert (
        client.post(reverse("plans:action-complete", kwargs={"action_id": karis.pk})).status_code
        == 403
    )
    assert (
        client.post(reverse("plans:action-complete", kwargs={"action_id": own.pk})).status_code
        == 302
    )
    own.refresh_from_db()
    karis.refresh_from_db()
    assert (own.status, karis.status) == (ActionStatus.DONE, ActionStatus.OPEN)


def test_ola_gets_404_on_karis_plan_pages(client, ola, plan, kari):
    objective = ObjectiveFactory(plan=plan, owner=kari)
    action = PlanActionFactory(plan=plan, owner=kari)
    client.force_login(ola)
    gets = [
        plan.get_absolute_url(),
        reverse("plans:plan-list", kwargs={"account_id": plan.account_id}),
        reverse("plans:plan-create", kwargs={"account_id": plan.account_id}),
        reverse("plans:plan-edit", kwargs={"plan_id": plan.pk}),
        reverse("plans:objective-create", kwargs={"plan_id": plan.pk}),
        reverse("plans:objective-edit", kwargs={"objective_id": objective.pk}),
        reverse("plans:action-create", kwargs={"plan_id": plan.pk}),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("plans:plan-activate", kwargs={"plan_id": plan.pk}),
        reverse("plans:plan-archive", kwargs={"plan_id": plan.pk}),
        reverse("plans:action-complete", kwargs={"action_id": action.pk}),
    ]
    for url in posts:
        assert client.post(url).status_code == 404, url
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_runs_the_same_queries_for_few_or_many_parts(client, kari, erik, plan):
    TeamMembershipFactory(account=plan.account, user=erik)
    client.force_login(kari)
    ObjectiveFactory(plan=plan, owner=kari)
    PlanActionFactory(plan=plan, owner=kari)
    few = _queries(client, plan.get_absolute_url())
    for _ in range(12):
        objective = ObjectiveFactory(plan=plan, owner=erik)
        PlanActionFactory(plan=plan, owner=erik, objective=objective)
        services.plan_update(plan=plan, actor=kari, data={"customer_goals": f"Mål {_}"})
    many = _queries(client, plan.get_absolute_url())
    assert few == many
    assert many <= 8


def _panel_queries(kari, account) -> tuple[int, str]:
    request = RequestFactory().get(account.get_absolute_url())
    request.user = kari
    with CaptureQueriesContext(connection) as ctx:
        item = plan_context(request, account)
        html = render_to_string(
            "plans/partials/_panel_plan.html", {"item": item, "account": account}, request
        )
    return len(ctx.captured_queries), html


def test_the_plan_panel_runs_the_same_queries_for_few_or_many_parts(kari, karis_account):
    plan = CustomerPlanFactory(account=karis_account, status=PlanStatus.ACTIVE)
    few, _html = _panel_queries(kari, karis_account)
    for _ in range(10):
        ObjectiveFactory(plan=plan, owner=kari)
        PlanActionFactory(plan=plan, owner=kari, due_on=date(2020, 1, 1))
    CustomerPlanFactory(account=karis_account, status=PlanStatus.DRAFT)
    many, html = _panel_queries(kari, karis_account)
    assert few == many
    assert many <= 4  # the plans with their counts, then class, plan cadence and last contact
    assert "0 of 10 done" in html
    assert "10 overdue" in html


def test_the_panel_shows_when_the_next_contact_is_due(client, kari, karis_account):
    CustomerPlanFactory(account=karis_account, status=PlanStatus.ACTIVE, cadence_days=30)
    client.force_login(kari)
    page = client.get(karis_account.get_absolute_url()).content.decode()
    assert 'id="panel-plan"' in page
    assert "Next contact due now: no contact logged yet" in page
    assert "cadence-red" in page

    called = timezone.now() - timedelta(minutes=5)
    interaction_log(
        account=karis_account, author=kari, kind="phone", happened_at=called, summary="Ringte"
    )
    page = client.get(karis_account.get_absolute_url()).content.decode()
    due = (timezone.localdate(called) + timedelta(days=30)).strftime("%d.%m.%Y")
    assert f"Next contact due {due}" in page
    assert "cadence-ok" in page
    assert "set in the plan" in page
