"""REST API for accounts, contacts and account teams, under /api/v1/.

Each view is thin. It finds objects through the access door (hidden is a 404),
checks the write permission (visible but not editable is a 403), parses the input
with a serializer and hands the change to a service. A change the service rejects
is a 400 naming the field; an edit made from a stale version is a 409.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from nokkel.accounts.access import can_create_account, can_edit_account, can_edit_contacts
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
    StaleEditError,
    account_create,
    account_update,
    contact_create,
    contact_update,
    team_member_add,
    team_member_remove,
)
from nokkel.users.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")

STALE = OpenApiResponse(description=_("Someone else saved in between; reload and edit again."))


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this while you were editing it.")
    default_code = "stale"


def _actor(request: Request) -> User:
    # IsAuthenticated, the default permission, has turned away everyone else.
    return cast(User, request.user)


def _visible_or_404(selector: Callable[..., T], **kwargs: Any) -> T:
    """What the selector finds, or a 404 when it is hidden from the caller or does not exist."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def _require(allowed: bool, message: StrOrPromise) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _field_errors(error: DjangoValidationError, rename: Mapping[str, str]) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    errors: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        key = rename.get(field) or (
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        )
        errors.setdefault(key, []).extend(messages)
    return errors


@contextmanager
def _service_errors(rename: Mapping[str, str] | None = None) -> Iterator[None]:
    """A service's refusal as an API error; its transaction has already rolled back."""
    try:
        yield
    except StaleEditError as error:
        raise Conflict(error.messages[0]) from error
    except DjangoValidationError as error:
        raise ValidationError(_field_errors(error, rename or {})) from error


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


class AccountListApi(GenericAPIView):
    serializer_class = AccountInputSerializer  # for the browsable API's form

    def get_queryset(self) -> QuerySet[Account]:
        filters = AccountFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return _filtered_accounts(_actor(self.request), filters.validated_data)

    @extend_schema(
        parameters=[AccountFilterSerializer], responses=AccountOutputSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        serializer = AccountOutputSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    @extend_schema(request=AccountInputSerializer, responses={201: AccountOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        _require(can_create_account(actor), _("You may not create accounts."))
        serializer = AccountInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        with _service_errors():
            account = account_create(actor=actor, data=serializer.validated_data)
        output = AccountOutputSerializer(account, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


class AccountDetailApi(APIView):
    @extend_schema(responses=AccountOutputSerializer)
    def get(self, request: Request, account_id: int) -> Response:
        account = _visible_or_404(account_get, user=_actor(request), account_id=account_id)
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
        actor = _actor(request)
        account = _visible_or_404(account_get, user=actor, account_id=account_id)
        _require(can_edit_account(actor, account), _("You may not change this account."))
        serializer = AccountUpdateSerializer(
            account, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected_version = data.pop("version", None)
        with _service_errors():
            account = account_update(
                account=account, actor=actor, data=data, expected_version=expected_version
            )
        return Response(AccountOutputSerializer(account, context={"request": request}).data)


class AccountTeamApi(APIView):
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(responses=TeamSeatSerializer(many=True))
    def get(self, request: Request, account_id: int) -> Response:
        """The team, KAM and deputy first, paginated like every list in the API."""
        actor = _actor(request)
        account = _visible_or_404(account_get, user=actor, account_id=account_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(account_team(user=actor, account=account), request)  # type: ignore[arg-type]
        return paginator.get_paginated_response(TeamSeatSerializer(page, many=True).data)

    @extend_schema(request=TeamMemberAddSerializer, responses={201: TeamSeatSerializer})
    def post(self, request: Request, account_id: int) -> Response:
        actor = _actor(request)
        account = _visible_or_404(account_get, user=actor, account_id=account_id)
        _require(can_edit_account(actor, account), _("You may not change this account's team."))
        serializer = TeamMemberAddSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user, role = serializer.validated_data["user"], serializer.validated_data["role"]
        # The KAM and deputy seats are account fields, and the membership's only
        # constraint is "already on the team": all are about the person chosen.
        with _service_errors(rename={"kam": "user", "deputy": "user", NON_FIELD_ERRORS: "user"}):
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
        actor = _actor(request)
        membership = _visible_or_404(membership_get, user=actor, membership_id=membership_id)
        if membership.account_id != account_id:
            raise Http404
        _require(
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
        contacts = contact_list(user=_actor(self.request))
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
        actor = _actor(request)
        serializer = ContactCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account = data.pop("account")
        _require(
            _may_edit_contacts(actor, account), _("You may not change this account's contacts.")
        )
        with _service_errors():
            contact = contact_create(account=account, actor=actor, data=data)
        return Response(ContactOutputSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactDetailApi(APIView):
    @extend_schema(responses=ContactOutputSerializer)
    def get(self, request: Request, contact_id: int) -> Response:
        contact = _visible_or_404(contact_get, user=_actor(request), contact_id=contact_id)
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
        actor = _actor(request)
        contact = _visible_or_404(contact_get, user=actor, contact_id=contact_id)
        _require(
            _may_edit_contacts(actor, contact.account),
            _("You may not change this account's contacts."),
        )
        serializer = ContactUpdateSerializer(
            contact, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected_version = data.pop("version", None)
        with _service_errors():
            contact = contact_update(
                contact=contact, actor=actor, data=data, expected_version=expected_version
            )
        return Response(ContactOutputSerializer(contact).data)
