"""POST /api/v1/auth/token/ {"username", "password"} -> {"token"}."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_record
from nokkel.core.ratelimit import client_ip
from nokkel.users.login_guard import login_failed, login_locked, login_succeeded


class TokenThrottle(AnonRateThrottle):
    scope = "token"


@extend_schema(
    request=AuthTokenSerializer,
    responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([TokenThrottle])
def obtain_token(request: Request) -> Response:
    username = str(request.data.get("username", ""))
    if login_locked(request, username):
        return Response(
            {"detail": _("Too many failed attempts. Wait 15 minutes, or ask an administrator.")},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    serializer = AuthTokenSerializer(data=request.data, context={"request": request})
    if not serializer.is_valid():
        login_failed(request, username)
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
    login_succeeded(request, username)
    user: Any = serializer.validated_data["user"]
    token, _created = Token.objects.get_or_create(user=user)
    audit_record(action=AuditAction.TOKEN_ISSUED, actor=user, ip_address=client_ip(request))
    return Response({"token": token.key})
