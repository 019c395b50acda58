"""Offers and contracts in the REST API; included at the root of /api/v1/."""

from django.urls import path

from nokkel.agreements import api

app_name = "agreements-api"
urlpatterns = [
    path("offers/", api.OfferListApi.as_view(), name="offer-list"),
    path("offers/<int:offer_id>/", api.OfferDetailApi.as_view(), name="offer-detail"),
    path("offers/<int:offer_id>/submit/", api.OfferSubmitApi.as_view(), name="offer-submit"),
    path("offers/<int:offer_id>/approve/", api.OfferApproveApi.as_view(), name="offer-approve"),
    path("offers/<int:offer_id>/send/", api.OfferSendApi.as_view(), name="offer-send"),
    path("offers/<int:offer_id>/accept/", api.OfferAcceptApi.as_view(), name="offer-accept"),
    path("offers/<int:offer_id>/reject/", api.OfferRejectApi.as_view(), name="offer-reject"),
    path("offers/<int:offer_id>/revise/", api.OfferReviseApi.as_view(), name="offer-revise"),
    path("offers/<int:offer_id>/pdf/", api.OfferPdfApi.as_view(), name="offer-pdf"),
    path("contracts/", api.ContractListApi.as_view(), name="contract-list"),
    path("contracts/<int:contract_id>/", api.ContractDetailApi.as_view(), name="contract-detail"),
]
