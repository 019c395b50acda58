"""REST API for offers and contracts, under /api/v1/.

- `offers/` list (?account=, ?status=) and create; `offers/{offer_id}/` read, and
  update while a draft (lines, when sent, replace all lines). Each line and the totals
  carry the computed margin (per month); costs and margins only for those who may see them.
- `offers/{offer_id}/submit|approve|send|accept|reject|revise/` move the offer on (POST);
  approve is for the segment's sales managers and admins. `offers/{offer_id}/pdf/` is
  the customer's PDF (?language=nb|en).
- `contracts/` list (?account=, ?ending_within=days) and create (JSON, or multipart with
  the signed PDF as `document`); `contracts/{contract_id}/` read and update.

Hidden objects are a 404, visible but not changeable a 403, refused input a 400 by field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokkel.agreements import contract_dates, contract_services, selectors, services
from nokkel.agreements.access import can_approve_offers, can_edit_agreements
from nokkel.agreements.models import Contract, Offer
from nokkel.agreements.pdf import offer_pdf, offer_pdf_filename
from nokkel.agreements.serializers import (
    ContractCreateSerializer,
    ContractFilterSerializer,
    ContractOutputSerializer,
    ContractUpdateSerializer,
    OfferAcceptSerializer,
    OfferCreateSerializer,
    OfferFilterSerializer,
    OfferOutputSerializer,
    OfferRejectSerializer,
    OfferUpdateSerializer,
)
from nokkel.core.api import STALE, actor_of, require, service_errors, visible_or_404

NOT_YOURS = _("You may not change this account's offers and contracts.")


def _offer(request: Request, offer_id: int) -> Offer:
    return visible_or_404(selectors.offer_get, user=actor_of(request), offer_id=offer_id)


def _editable_offer(request: Request, offer_id: int) -> Offer:
    offer = _offer(request, offer_id)
    require(can_edit_agreements(actor_of(request), offer.account), NOT_YOURS)
    return offer


def _offer_response(request: Request, offer: Offer, code: int = status.HTTP_200_OK) -> Response:
    fresh = selectors.offer_get(user=actor_of(request), offer_id=offer.pk)
    return Response(OfferOutputSerializer(fresh, context={"request": request}).data, status=code)


def _lines(rows: list[dict[str, Any]]) -> list[services.OfferLineInput]:
    return [services.OfferLineInput(**row) for row in rows]


class OfferListApi(GenericAPIView):
    serializer_class = OfferCreateSerializer  # for the browsable API's form

    def get_queryset(self) -> QuerySet[Offer]:
        filters = OfferFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.offer_list(
            user=actor_of(self.request),
            account=filters.validated_data.get("account"),
            status=filters.validated_data.get("status", ""),
        )

    @extend_schema(parameters=[OfferFilterSerializer], responses=OfferOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = OfferOutputSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(request=OfferCreateSerializer, responses={201: OfferOutputSerializer})
    def post(self, request: Request) -> Response:
        """Draft an offer on the account's newest needs analysis; lines are costed from the
        cost model as they are saved."""
        actor = actor_of(request)
        serializer = OfferCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account = data.pop("account")
        require(can_edit_agreements(actor, account), NOT_YOURS)
        lines = _lines(data.pop("lines"))
        with service_errors():
            offer = services.offer_create(account=account, actor=actor, data=data, lines=lines)
        return _offer_response(request, offer, status.HTTP_201_CREATED)


class OfferDetailApi(APIView):
    @extend_schema(responses=OfferOutputSerializer)
    def get(self, request: Request, offer_id: int) -> Response:
        offer = _offer(request, offer_id)
        return Response(OfferOutputSerializer(offer, context={"request": request}).data)

    @extend_schema(request=OfferUpdateSerializer, responses=OfferOutputSerializer)
    def put(self, request: Request, offer_id: int) -> Response:
        return self._update(request, offer_id, partial=False)

    @extend_schema(request=OfferUpdateSerializer, responses=OfferOutputSerializer)
    def patch(self, request: Request, offer_id: int) -> Response:
        return self._update(request, offer_id, partial=True)

    def _update(self, request: Request, offer_id: int, *, partial: bool) -> Response:
        offer = _editable_offer(request, offer_id)
        serializer = OfferUpdateSerializer(
            offer, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        rows = data.pop("lines", None)
        with service_errors():
            services.offer_update(
                offer=offer,
                actor=actor_of(request),
                data=data,
                lines=_lines(rows) if rows is not None else None,
            )
        return _offer_response(request, offer)


class OfferSubmitApi(APIView):
    @extend_schema(request=None, responses=OfferOutputSerializer)
    def post(self, request: Request, offer_id: int) -> Response:
        """A low or unknown margin waits for approval; any other margin is approved at once."""
        offer = _editable_offer(request, offer_id)
        with service_errors():
            services.offer_submit(offer=offer, actor=actor_of(request), today=timezone.localdate())
        return _offer_response(request, offer)


class OfferApproveApi(APIView):
    @extend_schema(request=None, responses=OfferOutputSerializer)
    def post(self, request: Request, offer_id: int) -> Response:
        """Sales managers of the account's segment and admins approve a pending offer."""
        offer = _offer(request, offer_id)
        require(
            can_approve_offers(actor_of(request), offer.account),
            _("Only a sales manager of the account's segment may approve."),
        )
        with service_errors():
            services.offer_approve(offer=offer, actor=actor_of(request), today=timezone.localdate())
        return _offer_response(request, offer)


class OfferSendApi(APIView):
    @extend_schema(request=None, responses=OfferOutputSerializer)
    def post(self, request: Request, offer_id: int) -> Response:
        """Refused while approval is pending."""
        offer = _editable_offer(request, offer_id)
        with service_errors():
            services.offer_send(offer=offer, actor=actor_of(request), today=timezone.localdate())
        return _offer_response(request, offer)


class OfferAcceptApi(APIView):
    @extend_schema(request=OfferAcceptSerializer, responses=OfferOutputSerializer)
    def post(self, request: Request, offer_id: int) -> Response:
        """The customer accepted; by default the contract is registered from the offer."""
        offer = _editable_offer(request, offer_id)
        serializer = OfferAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        today = timezone.localdate()
        terms = None
        if data["create_contract"]:
            start_on = data.get("start_on") or today
            terms = services.ContractTerms(
                start_on=start_on,
                end_on=data.get("end_on")
                or contract_dates.term_end(start_on=start_on, months=offer.contract_months),
                notice_months=data["notice_months"],
                auto_renewal=data["auto_renewal"],
            )
        with service_errors():
            services.offer_accept(offer=offer, actor=actor_of(request), today=today, contract=terms)
        return _offer_response(request, offer)


class OfferRejectApi(APIView):
    @extend_schema(request=OfferRejectSerializer, responses=OfferOutputSerializer)
    def post(self, request: Request, offer_id: int) -> Response:
        offer = _editable_offer(request, offer_id)
        serializer = OfferRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.offer_reject(
                offer=offer,
                actor=actor_of(request),
                today=timezone.localdate(),
                reason=serializer.validated_data["reason"],
            )
        return _offer_response(request, offer)


class OfferReviseApi(APIView):
    @extend_schema(request=None, responses={201: OfferOutputSerializer})
    def post(self, request: Request, offer_id: int) -> Response:
        """A new draft version; the open version before it is superseded."""
        offer = _editable_offer(request, offer_id)
        with service_errors():
            revision = services.offer_revise(offer=offer, actor=actor_of(request))
        return _offer_response(request, revision, status.HTTP_201_CREATED)


class OfferPdfApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("language", str, description=_("nb or en"))],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, offer_id: int) -> HttpResponse:
        offer = _offer(request, offer_id)
        language = request.query_params.get("language", "")
        if language not in ("nb", "en"):
            language = offer.language
        pdf = offer_pdf(offer=offer, today=timezone.localdate(), language=language)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = offer_pdf_filename(offer, language)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


PARSERS = [JSONParser, MultiPartParser, FormParser]


def _contract_output(request: Request, contract: Contract) -> dict[str, Any]:
    fresh = selectors.contract_get(user=actor_of(request), contract_id=contract.pk)
    return ContractOutputSerializer(fresh).data


class ContractListApi(GenericAPIView):
    serializer_class = ContractCreateSerializer
    parser_classes = PARSERS

    def get_queryset(self) -> QuerySet[Contract]:
        filters = ContractFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.contract_list(
            user=actor_of(self.request),
            account=filters.validated_data.get("account"),
            today=timezone.localdate(),
            ending_within=filters.validated_data.get("ending_within"),
        )

    @extend_schema(
        parameters=[ContractFilterSerializer], responses=ContractOutputSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ContractOutputSerializer(page, many=True).data)

    @extend_schema(request=ContractCreateSerializer, responses={201: ContractOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        serializer = ContractCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account = data.pop("account")
        document = data.pop("document", None)
        require(can_edit_agreements(actor, account), NOT_YOURS)
        with service_errors():
            contract = contract_services.contract_create(
                account=account, actor=actor, data=data, document=document
            )
        return Response(_contract_output(request, contract), status=status.HTTP_201_CREATED)


class ContractDetailApi(APIView):
    parser_classes = PARSERS

    @extend_schema(responses=ContractOutputSerializer)
    def get(self, request: Request, contract_id: int) -> Response:
        contract = visible_or_404(
            selectors.contract_get, user=actor_of(request), contract_id=contract_id
        )
        return Response(ContractOutputSerializer(contract).data)

    @extend_schema(
        request=ContractUpdateSerializer, responses={200: ContractOutputSerializer, 409: STALE}
    )
    def put(self, request: Request, contract_id: int) -> Response:
        return self._update(request, contract_id, partial=False)

    @extend_schema(
        request=ContractUpdateSerializer, responses={200: ContractOutputSerializer, 409: STALE}
    )
    def patch(self, request: Request, contract_id: int) -> Response:
        return self._update(request, contract_id, partial=True)

    def _update(self, request: Request, contract_id: int, *, partial: bool) -> Response:
        actor = actor_of(request)
        contract = visible_or_404(selectors.contract_get, user=actor, contract_id=contract_id)
        require(can_edit_agreements(actor, contract.account), NOT_YOURS)
        serializer = ContractUpdateSerializer(
            contract, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = data.pop("document", None)
        expected_version = data.pop("version", None)
        with service_errors():
            contract_services.contract_update(
                contract=contract,
                actor=actor,
                data=data,
                document=document,
                expected_version=expected_version,
            )
        return Response(_contract_output(request, contract))
