"""REST API for accounts, contacts and account teams, under /api/v1/.

Each view is thin. It finds objects through the access door (hidden is a 404),
checks the write permission (visible but not editable is a 403), parses the input
with a serializer and hands the change to a service. A change the service rejects
is a 400 naming the field; an edit made from a stale version is a 409.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.accounts.access import (
    can_create_account,
    can_edit_account,
    can_edit_contacts,
    can_hand_over,
    changes_need_handover,
)
from nokkel.accounts.models import Account, Contact, TeamMembership, TeamRole
from nokkel.accounts.selectors import (
    TeamSeat,
    account_get,
    account_list,
    account_team,
    contact_get,
    contact_list,
    is_team_member,
    membership_get,
)
from nokkel.accounts.serializers import (
    AccountFilterSerializer,
    AccountInputSerializer,
    AccountOutputSerializer,
    AccountUpdateSerializer,
    ContactCreateSerializer,
    ContactFilterSerializer,
    ContactOutputSerializer,
    ContactUpdateSerializer,
    TeamMemberAddSerializer,
    TeamSeatSerializer,
)
from nokkel.accounts.services import (
    account_create,
    account_update,
    contact_create,
    contact_update,
    team_member_add,
    team_member_remove,
)
from nokkel.core.api import (
    STALE,
    actor_of,
    require,
    service_errors,
    visible_or_404,
)
from nokkel.users.models import User

if TYPE_CHECKING:
    pass


def _may_edit_contacts(user: User, account: Account) -> bool:
    return can_edit_contacts(
        user, account, is_team_member=is_team_member(user=user, account=account)
    )


def _filtered_accounts(user: User, filters: dict[str, Any]) -> QuerySet[Account]:
    accounts = account_list(
        user=user,
        search=filters["search"],
        status=filters.get("status", ""),
        key_account=filters["is_key_account"],
        sort=filters["sort"],
    )
    # account_list filters by ids; integrations also know segments and KAMs by name.
    segment = filters.get("segment", "")
    if segment.isdigit():
        accounts = accounts.filter(segment_id=int(segment))
    elif segment:
        accounts = accounts.filter(segment__name=segment)
    if filters.get("kam"):
        accounts = accounts.filter(kam__username=filters["kam"])
    return accounts


HANDOVER_ONLY = _("Only a sales manager or an admin can move an account to another KAM or segment.")


class AccountListApi(GenericAPIView):
    serializer_class = AccountInputSerializer  # for the browsable API's form

    def get_queryset(self) -> QuerySet[Account]:
        filters = AccountFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return _filtered_accounts(actor_of(self.request), filters.validated_data)

    @extend_schema(
        parameters=[AccountFilterSerializer], responses=AccountOutputSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        serializer = AccountOutputSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    @extend_schema(request=AccountInputSerializer, responses={201: AccountOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        require(can_create_account(actor), _("You may not create accounts."))
        serializer = AccountInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        require(not changes_need_handover(actor, None, serializer.validated_data), HANDOVER_ONLY)
        with service_errors():
            account = account_create(actor=actor, data=serializer.validated_data)
        output = AccountOutputSerializer(account, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


class AccountDetailApi(APIView):
    @extend_schema(responses=AccountOutputSerializer)
    def get(self, request: Request, account_id: int) -> Response:
        account = visible_or_404(account_get, user=actor_of(request), account_id=account_id)
        return Response(AccountOutputSerializer(account, context={"request": request}).data)

    @extend_schema(
        request=AccountUpdateSerializer, responses={200: AccountOutputSerializer, 409: STALE}
    )
    def put(self, request: Request, account_id: int) -> Response:
        return self._update(request, account_id, partial=False)

    @extend_schema(
        request=AccountUpdateSerializer, responses={200: AccountOutputSerializer, 409: STALE}
    )
    def patch(self, request: Request, account_id: int) -> Response:
        return self._update(request, account_id, partial=True)

    def _update(self, request: Request, account_id: int, *, partial: bool) -> Response:
        actor = actor_of(request)
        account = visible_or_404(account_get, user=actor, account_id=account_id)
        require(can_edit_account(actor, account), _("You may not change this account."))
        serializer = AccountUpdateSerializer(
            account, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        require(not changes_need_handover(actor, account, data), HANDOVER_ONLY)
        expected_version = data.pop("version", None)
        with service_errors():
            account = account_update(
                account=account, actor=actor, data=data, expected_version=expected_version
            )
        return Response(AccountOutputSerializer(account, context={"request": request}).data)


class AccountTeamApi(APIView):
    @extend_schema(responses=TeamSeatSerializer(many=True))
    def get(self, request: Request, account_id: int) -> Response:
        """The team, KAM and deputy first, paginated like every list in the API."""
        actor = actor_of(request)
        account = visible_or_404(account_get, user=actor, account_id=account_id)
        paginator = PageNumberPagination()
        seats = account_team(user=actor, account=account)
        page: list[TeamSeat] | None = paginator.paginate_queryset(seats, request)  # type: ignore[arg-type]
        return paginator.get_paginated_response(TeamSeatSerializer(page, many=True).data)

    @extend_schema(request=TeamMemberAddSerializer, responses={201: TeamSeatSerializer})
    def post(self, request: Request, account_id: int) -> Response:
        actor = actor_of(request)
        account = visible_or_404(account_get, user=actor, account_id=account_id)
        require(can_edit_account(actor, account), _("You may not change this account's team."))
        serializer = TeamMemberAddSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user, role = serializer.validated_data["user"], serializer.validated_data["role"]
        require(
            role != TeamRole.KAM or can_hand_over(actor, account) or account.kam_id == actor.pk,
            HANDOVER_ONLY,
        )
        # The KAM and deputy seats are account fields, and the membership's only
        # constraint is "already on the team": all are about the person chosen.
        with service_errors(rename={"kam": "user", "deputy": "user", NON_FIELD_ERRORS: "user"}):
            added = team_member_add(
                account=account,
                actor=actor,
                user=user,
                role=role,
                started_on=serializer.validated_data.get("started_on"),
            )
        seat = TeamSeat(
            user=user,
            role=role,
            role_label=str(TeamRole(role).label),
            membership_id=added.pk if isinstance(added, TeamMembership) else None,
        )
        return Response(TeamSeatSerializer(seat).data, status=status.HTTP_201_CREATED)


class TeamMembershipApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, account_id: int, membership_id: int) -> Response:
        actor = actor_of(request)
        membership = visible_or_404(membership_get, user=actor, membership_id=membership_id)
        if membership.account_id != account_id:
            raise Http404
        require(
            can_edit_account(actor, membership.account),
            _("You may not change this account's team."),
        )
        team_member_remove(membership=membership, actor=actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ContactListApi(GenericAPIView):
    serializer_class = ContactCreateSerializer  # for the browsable API's form

    def get_queryset(self) -> QuerySet[Contact]:
        filters = ContactFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        contacts = contact_list(user=actor_of(self.request))
        if "account" in filters.validated_data:
            contacts = contacts.filter(account_id=filters.validated_data["account"])
        return contacts

    @extend_schema(
        parameters=[ContactFilterSerializer], responses=ContactOutputSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ContactOutputSerializer(page, many=True).data)

    @extend_schema(request=ContactCreateSerializer, responses={201: ContactOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        serializer = ContactCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account = data.pop("account")
        require(
            _may_edit_contacts(actor, account), _("You may not change this account's contacts.")
        )
        with service_errors():
            contact = contact_create(account=account, actor=actor, data=data)
        return Response(ContactOutputSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactDetailApi(APIView):
    @extend_schema(responses=ContactOutputSerializer)
    def get(self, request: Request, contact_id: int) -> Response:
        contact = visible_or_404(contact_get, user=actor_of(request), contact_id=contact_id)
        return Response(ContactOutputSerializer(contact).data)

    @extend_schema(
        request=ContactUpdateSerializer, responses={200: ContactOutputSerializer, 409: STALE}
    )
    def put(self, request: Request, contact_id: int) -> Response:
        return self._update(request, contact_id, partial=False)

    @extend_schema(
        request=ContactUpdateSerializer, responses={200: ContactOutputSerializer, 409: STALE}
    )
    def patch(self, request: Request, contact_id: int) -> Response:
        return self._update(request, contact_id, partial=True)

    def _update(self, request: Request, contact_id: int, *, partial: bool) -> Response:
        actor = actor_of(request)
        contact = visible_or_404(contact_get, user=actor, contact_id=contact_id)
        require(
            _may_edit_contacts(actor, contact.account),
            _("You may not change this account's contacts."),
        )
        serializer = ContactUpdateSerializer(
            contact, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected_version = data.pop("version", None)
        with service_errors():
            contact = contact_update(
                contact=contact, actor=actor, data=data, expected_version=expected_version
            )
        return Response(ContactOutputSerializer(contact).data)
