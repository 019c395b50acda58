"""The customer plan in a real browser: Kari plans her key account and keeps in touch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from nokkel.activities.models import FollowUp
from nokkel.activities.services import interaction_log
from nokkel.plans.models import ActionStatus, CustomerPlan, PlanStatus
from nokkel.portfolio.models import AccountClassification
from tests.browser.conftest import login
from tests.factories import AccountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def key_account(kari, segment):
    account = AccountFactory(
        name="Fjellsport Nettbutikk AS", kam=kari, segment=segment, is_key_account=True
    )
    AccountClassification.objects.create(
        account=account,
        as_of=timezone.localdate(),
        revenue_12m=4_000_000,
        share=0.3,
        cumulative_share=0.3,
        abc_class="A",
        rank=1,
    )
    return account


def _call(account, kari, days_ago: int) -> None:
    interaction_log(
        account=account,
        author=kari,
        kind="phone",
        happened_at=timezone.now() - timedelta(days=days_ago, minutes=1),
        summary="Ringte logistikksjefen om returer",
    )


def test_kari_plans_her_key_account_completes_an_action_and_catches_up_on_contact(
    page: Page, live_server, kari, key_account
):
    # The last call was 25 days ago; key accounts of class A are called every 14 days.
    _call(key_account, kari, days_ago=25)
    login(page, live_server, "kari")
    page.goto(f"{live_server.url}{key_account.get_absolute_url()}")
    panel = page.locator("#panel-plan")
    expect(panel.locator(".badge.cadence-amber")).to_have_text("Overdue")
    expect(panel).to_contain_text("Contact every 14 days")
    expect(panel).to_contain_text("No active plan.")

    panel.get_by_role("link", name="New plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New customer plan")
    page.get_by_label("The customer's own goals").fill("Levere samme dag i hele Østlandet")
    page.get_by_label("Technological", exact=True).check()
    page.get_by_label("Social", exact=True).check()
    page.get_by_role("button", name="Save plan").click()

    plan = CustomerPlan.objects.get(account=key_account)
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    expect(page.locator("#plan-title")).to_have_text("Customer plan: Fjellsport Nettbutikk AS")
    expect(page.locator("link[rel=stylesheet][media=print]")).to_have_count(1)
    page.get_by_role("button", name="Make active").click()
    expect(page.locator(".page-head .badge")).to_have_text("Active")

    actions = page.locator("#plan-actions")
    actions.get_by_role("link", name="Add action").click()
    form = actions.locator("#action-form-slot form")
    expect(form.get_by_role("heading", name="New action")).to_be_visible()
    form.get_by_label("Action").fill("Demo av API for returetiketter")
    form.get_by_label("Due").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    form.get_by_role("button", name="Save action").click()

    row = page.locator("#plan-actions li", has_text="Demo av API for returetiketter")
    expect(row).to_contain_text("Open")
    assert FollowUp.objects.get(account=key_account).owner == kari

    row.get_by_role("button", name="Mark “Demo av API for returetiketter” as done").click()
    expect(row).to_contain_text("Done")
    expect(row.get_by_role("button")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    action = plan.actions.get()
    assert action.status == ActionStatus.DONE
    assert action.completed_on == timezone.localdate()

    # Kari phones the customer; the call is logged, and the account page catches up.
    _call(key_account, kari, days_ago=0)
    page.goto(f"{live_server.url}{key_account.get_absolute_url()}")
    panel = page.locator("#panel-plan")
    expect(panel.locator(".badge.cadence-ok")).to_have_text("On track")
    due = (timezone.localdate() + timedelta(days=14)).strftime("%d.%m.%Y")
    expect(panel).to_contain_text(f"Next contact due {due}")
    expect(panel).to_contain_text("0 of 0 done")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
