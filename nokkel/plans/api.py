"""REST API for customer plans, under /api/v1/plans/.

Thin like the accounts API: objects come through the access door (hidden is a 404),
changing a plan needs the account's edit right (a 403), serializers parse, services
change. A change the service refuses is a 400 naming the field; a stale edit is a 409.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.accounts.access import can_edit_account
from nokkel.core.api import STALE, actor_of, require, service_errors, visible_or_404
from nokkel.plans.access import can_complete_action, can_edit_plan
from nokkel.plans.models import CustomerPlan, Objective, PlanAction
from nokkel.plans.selectors import action_get, objective_get, plan_get, plan_list
from nokkel.plans.serializers import (
    ActionInputSerializer,
    ActionOutputSerializer,
    ObjectiveInputSerializer,
    ObjectiveOutputSerializer,
    PlanCreateSerializer,
    PlanFilterSerializer,
    PlanOutputSerializer,
    PlanUpdateSerializer,
)
from nokkel.plans.services import (
    action_add,
    action_complete,
    objective_add,
    objective_update,
    plan_create,
    plan_update,
)

NOT_YOURS = _("You may not change this plan.")


def _plan(request: Request, plan_id: int) -> CustomerPlan:
    return visible_or_404(plan_get, user=actor_of(request), plan_id=plan_id)


def _editable_plan(request: Request, plan_id: int) -> CustomerPlan:
    plan = _plan(request, plan_id)
    require(can_edit_plan(actor_of(request), plan), NOT_YOURS)
    return plan


class PlanListApi(GenericAPIView):
    serializer_class = PlanCreateSerializer  # for the browsable API's form

    def get_queryset(self) -> QuerySet[CustomerPlan]:
        filters = PlanFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return plan_list(
            user=actor_of(self.request),
            account=filters.validated_data.get("account"),
            status=filters.validated_data.get("status", ""),
            with_parts=True,
        )

    @extend_schema(parameters=[PlanFilterSerializer], responses=PlanOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PlanOutputSerializer(page, many=True).data)

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanOutputSerializer})
    def post(self, request: Request) -> Response:
        """Start a draft plan; make it active with a PATCH of its status."""
        actor = actor_of(request)
        serializer = PlanCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account = data.pop("account")
        require(can_edit_account(actor, account), _("You may not change this account's plans."))
        with service_errors():
            plan = plan_create(account=account, actor=actor, data=data)
        output = PlanOutputSerializer(plan_get(user=actor, plan_id=plan.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


class PlanDetailApi(APIView):
    @extend_schema(responses=PlanOutputSerializer)
    def get(self, request: Request, plan_id: int) -> Response:
        return Response(PlanOutputSerializer(_plan(request, plan_id)).data)

    @extend_schema(request=PlanUpdateSerializer, responses={200: PlanOutputSerializer, 409: STALE})
    def put(self, request: Request, plan_id: int) -> Response:
        return self._update(request, plan_id, partial=False)

    @extend_schema(request=PlanUpdateSerializer, responses={200: PlanOutputSerializer, 409: STALE})
    def patch(self, request: Request, plan_id: int) -> Response:
        return self._update(request, plan_id, partial=True)

    def _update(self, request: Request, plan_id: int, *, partial: bool) -> Response:
        actor = actor_of(request)
        plan = _editable_plan(request, plan_id)
        serializer = PlanUpdateSerializer(
            plan, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected_version = data.pop("version", None)
        replace_active = data.pop("replace_active", False)
        with service_errors():
            plan_update(
                plan=plan,
                actor=actor,
                data=data,
                expected_version=expected_version,
                replace_active=replace_active,
            )
        return Response(PlanOutputSerializer(plan_get(user=actor, plan_id=plan_id)).data)


class ObjectiveListApi(GenericAPIView):
    serializer_class = ObjectiveInputSerializer

    @extend_schema(responses=ObjectiveOutputSerializer(many=True))
    def get(self, request: Request, plan_id: int) -> Response:
        plan = _plan(request, plan_id)
        page = self.paginate_queryset(plan.objectives.select_related("owner").order_by("due_on"))
        return self.get_paginated_response(ObjectiveOutputSerializer(page, many=True).data)

    @extend_schema(request=ObjectiveInputSerializer, responses={201: ObjectiveOutputSerializer})
    def post(self, request: Request, plan_id: int) -> Response:
        plan = _editable_plan(request, plan_id)
        serializer = ObjectiveInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        with service_errors():
            objective = objective_add(
                plan=plan, actor=actor_of(request), data=serializer.validated_data
            )
        return Response(ObjectiveOutputSerializer(objective).data, status=status.HTTP_201_CREATED)


def _objective(request: Request, plan_id: int, objective_id: int) -> Objective:
    objective = visible_or_404(objective_get, user=actor_of(request), objective_id=objective_id)
    if objective.plan_id != plan_id:
        raise Http404
    return objective


class ObjectiveDetailApi(APIView):
    @extend_schema(responses=ObjectiveOutputSerializer)
    def get(self, request: Request, plan_id: int, objective_id: int) -> Response:
        return Response(ObjectiveOutputSerializer(_objective(request, plan_id, objective_id)).data)

    @extend_schema(request=ObjectiveInputSerializer, responses={200: ObjectiveOutputSerializer})
    def patch(self, request: Request, plan_id: int, objective_id: int) -> Response:
        objective = _objective(request, plan_id, objective_id)
        require(can_edit_plan(actor_of(request), objective.plan), NOT_YOURS)
        serializer = ObjectiveInputSerializer(
            objective, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        with service_errors():
            objective = objective_update(
                objective=objective, actor=actor_of(request), data=serializer.validated_data
            )
        return Response(ObjectiveOutputSerializer(objective).data)


class ActionListApi(GenericAPIView):
    serializer_class = ActionInputSerializer

    @extend_schema(responses=ActionOutputSerializer(many=True))
    def get(self, request: Request, plan_id: int) -> Response:
        plan = _plan(request, plan_id)
        page = self.paginate_queryset(plan.actions.select_related("owner").order_by("due_on"))
        return self.get_paginated_response(ActionOutputSerializer(page, many=True).data)

    @extend_schema(request=ActionInputSerializer, responses={201: ActionOutputSerializer})
    def post(self, request: Request, plan_id: int) -> Response:
        """Add an action; its owner gets a follow-up for it, completed together with it."""
        plan = _editable_plan(request, plan_id)
        serializer = ActionInputSerializer(
            data=request.data, context={"request": request, "plan": plan}
        )
        serializer.is_valid(raise_exception=True)
        with service_errors():
            action = action_add(plan=plan, actor=actor_of(request), data=serializer.validated_data)
        return Response(ActionOutputSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionCompleteApi(APIView):
    @extend_schema(request=None, responses={200: ActionOutputSerializer})
    def post(self, request: Request, plan_id: int, action_id: int) -> Response:
        """Mark the action done today (and its follow-up); doing it twice changes nothing."""
        actor = actor_of(request)
        action: PlanAction = visible_or_404(action_get, user=actor, action_id=action_id)
        if action.plan_id != plan_id:
            raise Http404
        require(can_complete_action(actor, action), _("You may not complete this action."))
        with service_errors():
            action = action_complete(action=action, actor=actor, today=timezone.localdate())
        return Response(ActionOutputSerializer(action).data)
