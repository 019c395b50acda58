"""REST API for shipment imports, under /api/v1/imports/.

Uploading starts a background import and answers 202 at once; the import is then
polled for its progress and report. Only sales managers and administrators import
(others get a 403); an import is seen by its uploader, sales managers and
administrators, and is a 404 to everyone else.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.shipments.models import CustomerAlias, ShipmentImport
from nokkel.shipments.selectors import (
    may_import_shipments,
    shipment_import_get,
    shipment_import_list,
)
from nokkel.shipments.serializers import (
    CustomerAliasInputSerializer,
    CustomerAliasOutputSerializer,
    ShipmentImportAcceptedSerializer,
    ShipmentImportOutputSerializer,
    ShipmentImportUploadSerializer,
)
from nokkel.shipments.services import customer_alias_create, shipment_import_create
from nokkel.shipments.tasks import run_shipment_import
from nokkel.users.models import User


def _actor(request: Request) -> User:
    # IsAuthenticated, the default permission, has turned away everyone else.
    return cast(User, request.user)


def _service_errors(error: DjangoValidationError) -> ValidationError:
    """A service's refusal as a 400; its transaction has already rolled back."""
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


def _require_importer(actor: User) -> None:
    if not may_import_shipments(actor):
        raise PermissionDenied(_("Only sales managers and administrators import shipments."))


def _visible_import(request: Request, import_id: int) -> ShipmentImport:
    try:
        return shipment_import_get(user=_actor(request), import_id=import_id)
    except ShipmentImport.DoesNotExist:
        raise Http404 from None


class ShipmentImportListApi(GenericAPIView):
    serializer_class = ShipmentImportUploadSerializer  # for the browsable API's form

    @extend_schema(responses=ShipmentImportOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(shipment_import_list(user=_actor(request)))
        serializer = ShipmentImportOutputSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        request={"multipart/form-data": ShipmentImportUploadSerializer},
        responses={202: ShipmentImportAcceptedSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        _require_importer(actor)
        serializer = ShipmentImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        options = dict(serializer.validated_data)
        upload = options.pop("file")
        options = {key: value for key, value in options.items() if value != ""}
        options["language"] = get_language()
        try:
            shipment_import = shipment_import_create(
                file=upload, file_name=upload.name, actor=actor, options=options
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        # The date is the uploader's today: the ABC classes are recomputed as of it.
        run_shipment_import.enqueue(shipment_import.pk, timezone.localdate().isoformat())
        shipment_import.refresh_from_db(fields=["status"])
        output = ShipmentImportAcceptedSerializer(shipment_import)
        return Response(output.data, status=status.HTTP_202_ACCEPTED)


class ShipmentImportDetailApi(APIView):
    @extend_schema(responses=ShipmentImportOutputSerializer)
    def get(self, request: Request, import_id: int) -> Response:
        shipment_import = _visible_import(request, import_id)
        return Response(
            ShipmentImportOutputSerializer(shipment_import, context={"request": request}).data
        )


class ShipmentImportRejectedRowsApi(APIView):
    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request: Request, import_id: int) -> FileResponse:
        shipment_import = _visible_import(request, import_id)
        path = (
            Path(shipment_import.rejected_rows_path) if shipment_import.rejected_rows_path else None
        )
        if path is None or not path.is_file():
            raise Http404
        stem = Path(shipment_import.file_name).stem
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=f"{stem}-rejected.csv",
            content_type="text/csv; charset=utf-8",
        )


class CustomerAliasListApi(GenericAPIView):
    """Unknown customers of shipment files, mapped to accounts; the file is then re-imported."""

    serializer_class = CustomerAliasInputSerializer  # for the browsable API's form

    @extend_schema(responses=CustomerAliasOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        aliases = CustomerAlias.objects.visible_to(_actor(request)).select_related("account")
        page = self.paginate_queryset(aliases.order_by("kind", "value"))
        return self.get_paginated_response(CustomerAliasOutputSerializer(page, many=True).data)

    @extend_schema(
        request=CustomerAliasInputSerializer, responses={201: CustomerAliasOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        _require_importer(actor)
        serializer = CustomerAliasInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            alias = customer_alias_create(actor=actor, **serializer.validated_data)
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        return Response(CustomerAliasOutputSerializer(alias).data, status=status.HTTP_201_CREATED)
