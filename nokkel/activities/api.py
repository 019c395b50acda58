"""REST API: interactions, follow-ups and the quick log, through the access door."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.accounts.access import can_change_entry
from nokkel.accounts.models import Account, Contact
from nokkel.activities import selectors, services
from nokkel.activities.models import FollowUp, FollowUpStatus, Interaction
from nokkel.activities.quicklog_present import happened_at_for, question_texts
from nokkel.activities.serializers import (
    FollowUpInputSerializer,
    FollowUpSerializer,
    FollowUpUpdateSerializer,
    InteractionInputSerializer,
    InteractionOutputSerializer,
    QuickLogInputSerializer,
)
from nokkel.core.api import actor_of, require, service_errors, visible_or_404
from nokkel.plans.services import plan_follow_up_complete
from nokkel.users.models import User


def _visible_account(user: User, account_id: int) -> Account:
    account = Account.objects.visible_to(user).filter(pk=account_id).first()
    if account is None:
        # Hidden and missing look the same.
        raise ValidationError({"account": [_("No such account.")]})
    return account


def _contacts(account: Account, ids: list[int]) -> list[Contact]:
    contacts = list(account.contacts.filter(pk__in=ids))
    if len(contacts) != len(set(ids)):
        raise ValidationError({"contacts": [_("Some of these contacts are not at this account.")]})
    return contacts


def _users(usernames: list[str]) -> list[User]:
    users = list(User.objects.filter(username__in=usernames, is_active=True))
    if len(users) != len(set(usernames)):
        raise ValidationError({"participants": [_("Unknown user name.")]})
    return users


class InteractionListApi(GenericAPIView):
    serializer_class = InteractionOutputSerializer

    def get_queryset(self) -> Any:
        qs = selectors.interaction_list(user=actor_of(self.request))
        account = self.request.query_params.get("account")
        if account and account.isdigit():
            qs = qs.filter(account_id=int(account))
        return qs

    @extend_schema(
        operation_id="interactions_list", responses=InteractionOutputSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(InteractionOutputSerializer(page, many=True).data)

    @extend_schema(request=InteractionInputSerializer, responses={201: InteractionOutputSerializer})
    def post(self, request: Request) -> Response:
        user = actor_of(request)
        require(not user.is_read_only, _("Read-only users cannot log interactions."))
        data = InteractionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        account = _visible_account(user, values.pop("account"))
        values["contacts"] = _contacts(account, values["contacts"])
        values["participants"] = _users(values["participants"])
        with service_errors():
            interaction = services.interaction_log(account=account, author=user, **values)
        return Response(
            InteractionOutputSerializer(interaction).data, status=status.HTTP_201_CREATED
        )


class InteractionDetailApi(APIView):
    def _get(self, request: Request, interaction_id: int) -> Interaction:
        return visible_or_404(
            selectors.interaction_get, user=actor_of(request), interaction_id=interaction_id
        )

    @extend_schema(responses=InteractionOutputSerializer)
    def get(self, request: Request, interaction_id: int) -> Response:
        return Response(InteractionOutputSerializer(self._get(request, interaction_id)).data)

    def _update(self, request: Request, interaction_id: int, *, partial: bool) -> Response:
        user = actor_of(request)
        interaction = self._get(request, interaction_id)
        require(
            can_change_entry(user, owner_id=interaction.author_id, account=interaction.account),
            _("Only the author or the account's KAM can change this interaction."),
        )
        # partial: fields left out keep their values (no defaults fill them in).
        serializer = InteractionInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if values.pop("account", interaction.account_id) != interaction.account_id:
            raise ValidationError(
                {"account": [_("An interaction cannot move to another account.")]}
            )
        contacts = values.pop("contacts", None)
        participants = values.pop("participants", None)
        with service_errors():
            updated = services.interaction_update(
                interaction=interaction,
                actor=user,
                data=values,
                contacts=None if contacts is None else _contacts(interaction.account, contacts),
                participants=None if participants is None else _users(participants),
            )
        return Response(InteractionOutputSerializer(updated).data)

    @extend_schema(request=InteractionInputSerializer, responses=InteractionOutputSerializer)
    def put(self, request: Request, interaction_id: int) -> Response:
        return self._update(request, interaction_id, partial=False)

    @extend_schema(
        request=InteractionInputSerializer(partial=True), responses=InteractionOutputSerializer
    )
    def patch(self, request: Request, interaction_id: int) -> Response:
        return self._update(request, interaction_id, partial=True)


class FollowUpListApi(GenericAPIView):
    serializer_class = FollowUpSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        user = actor_of(self.request)
        qs = selectors.follow_up_list(user=user, open_only=params.get("status", "open") == "open")
        if params.get("status") and params["status"] != "open":
            qs = qs.filter(status=params["status"])
        if params.get("account", "").isdigit():
            qs = qs.filter(account_id=int(params["account"]))
        if params.get("owner") == "me":
            qs = qs.filter(owner=user)
        elif params.get("owner"):
            qs = qs.filter(owner__username=params["owner"])
        return qs

    @extend_schema(operation_id="follow_ups_list", responses=FollowUpSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(FollowUpSerializer(page, many=True).data)

    @extend_schema(request=FollowUpInputSerializer, responses={201: FollowUpSerializer})
    def post(self, request: Request) -> Response:
        user = actor_of(request)
        require(not user.is_read_only, _("Read-only users cannot add follow-ups."))
        data = FollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = _visible_account(user, data.validated_data["account"])
        owner = user
        if data.validated_data.get("owner"):
            owner = _users([data.validated_data["owner"]])[0]
        with service_errors():
            follow_up = services.follow_up_create(
                account=account,
                actor=user,
                owner=owner,
                title=data.validated_data["title"],
                due_on=data.validated_data["due_on"],
            )
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpDetailApi(APIView):
    def _get(self, request: Request, follow_up_id: int) -> FollowUp:
        return visible_or_404(
            selectors.follow_up_get, user=actor_of(request), follow_up_id=follow_up_id
        )

    @extend_schema(responses=FollowUpSerializer)
    def get(self, request: Request, follow_up_id: int) -> Response:
        return Response(FollowUpSerializer(self._get(request, follow_up_id)).data)

    @extend_schema(request=FollowUpUpdateSerializer, responses=FollowUpSerializer)
    def patch(self, request: Request, follow_up_id: int) -> Response:
        user = actor_of(request)
        follow_up = self._get(request, follow_up_id)
        require(
            can_change_entry(user, owner_id=follow_up.owner_id, account=follow_up.account),
            _("Only the owner or the account's KAM can change this follow-up."),
        )
        data = FollowUpUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        # Closing the plan action and the other changes stand or fall together.
        with service_errors(), transaction.atomic():
            if values.get("status") == FollowUpStatus.DONE:
                # A follow-up made for a customer-plan action closes the action too.
                follow_up = plan_follow_up_complete(
                    follow_up=follow_up, actor=user, today=timezone.localdate()
                )
                del values["status"]
            updated = services.follow_up_update(follow_up=follow_up, actor=user, data=values)
        return Response(FollowUpSerializer(updated).data)


def _parse(request: Request) -> tuple[Any, date]:
    user = actor_of(request)
    data = QuickLogInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    reference = data.validated_data.get("reference_date") or timezone.localdate()
    account_id = data.validated_data.get("account")
    try:
        parse = selectors.quick_log_parse(
            user=user,
            text=data.validated_data["text"],
            reference_date=reference,
            account_id=account_id,
        )
    except Account.DoesNotExist:
        raise ValidationError({"account": [_("No such account.")]}) from None
    return parse, reference


def _parse_json(parse: Any) -> dict[str, Any]:
    return {
        "kind": parse.kind,
        "happened_on": parse.happened_on.isoformat(),
        "account": parse.account_id,
        "contacts": list(parse.contact_ids),
        "summary": parse.summary,
        "key_areas": list(parse.key_areas),
        "sentiment": parse.sentiment,
        "follow_up": None
        if parse.follow_up is None
        else {"title": parse.follow_up.title, "due_on": parse.follow_up.due_on.isoformat()},
        "questions": [
            {"field": q.field, "code": q.text_key, "options": list(q.options), "text": text}
            for q, text in zip(parse.questions, question_texts(parse), strict=True)
        ],
    }


class QuickLogPreviewApi(APIView):
    @extend_schema(request=QuickLogInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        """Parse one line of text into an interaction, without saving it."""
        parse, _reference = _parse(request)
        return Response(_parse_json(parse))


class QuickLogApi(APIView):
    @extend_schema(request=QuickLogInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        """Parse and save: the interaction and its follow-up. 400 while the account is unknown."""
        user = actor_of(request)
        require(not user.is_read_only, _("Read-only users cannot log interactions."))
        parse, reference = _parse(request)
        body = _parse_json(parse)
        if parse.account_id is None:
            raise ValidationError({"account": [_("Say which account."), *body["questions"]]})
        account = Account.objects.visible_to(user).get(pk=parse.account_id)
        with service_errors():
            interaction, follow_up = services.quick_log_commit(
                author=user,
                account=account,
                kind=parse.kind,
                happened_at=happened_at_for(parse.happened_on, reference),
                summary=parse.summary or request.data.get("text", ""),
                contacts=list(account.contacts.filter(pk__in=parse.contact_ids)),
                key_areas=dict.fromkeys(parse.key_areas, parse.sentiment),
                follow_up_title=parse.follow_up.title if parse.follow_up else "",
                follow_up_due=parse.follow_up.due_on if parse.follow_up else None,
            )
        body.update({"id": interaction.pk, "interaction": interaction.pk})
        body["follow_up_id"] = follow_up.pk if follow_up else None
        return Response(body, status=status.HTTP_201_CREATED)
