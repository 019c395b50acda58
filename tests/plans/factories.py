"""Factories for customer plans. Objects made here skip the services (no timeline, no follow-up)."""

from __future__ import annotations

from datetime import date

import factory

from nokkel.plans.models import CustomerPlan, Objective, PlanAction, PlanStatus
from tests.factories import AccountFactory


class CustomerPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerPlan

    account = factory.SubFactory(AccountFactory)
    status = PlanStatus.DRAFT
    period_start = date(2026, 1, 1)
    period_end = date(2026, 12, 31)
    customer_goals = "Levere innen 24 timer i hele Norge."
    created_by = factory.LazyAttribute(lambda plan: plan.account.kam)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(CustomerPlanFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    measure = "Leveringspresisjon over 98 %"
    owner = factory.LazyAttribute(lambda objective: objective.plan.account.kam)
    due_on = date(2026, 6, 30)


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    plan = factory.SubFactory(CustomerPlanFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.LazyAttribute(lambda action: action.plan.account.kam)
    due_on = date(2026, 3, 31)
