"""Shared pieces of the REST API: the caller, the 404 door, service errors as API errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings

from nokkel.accounts.services import StaleEditError
from nokkel.users.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")

STALE = OpenApiResponse(description=_("Someone else saved in between; reload and edit again."))


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this while you were editing it.")
    default_code = "stale"


def actor_of(request: Request) -> User:
    # IsAuthenticated, the default permission, has turned away everyone else.
    return cast(User, request.user)


def visible_or_404(selector: Callable[..., T], **kwargs: Any) -> T:
    """What the selector finds, or a 404 when it is hidden from the caller or does not exist."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def require(allowed: bool, message: StrOrPromise) -> None:
    if not allowed:
        raise PermissionDenied(message)


def field_errors(error: DjangoValidationError, rename: Mapping[str, str]) -> dict[str, list[str]]:
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
def service_errors(rename: Mapping[str, str] | None = None) -> Iterator[None]:
    """A service's refusal as an API error; its transaction has already rolled back."""
    try:
        yield
    except StaleEditError as error:
        raise Conflict(error.messages[0]) from error
    except DjangoValidationError as error:
        raise ValidationError(field_errors(error, rename or {})) from error
