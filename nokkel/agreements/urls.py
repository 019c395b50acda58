from django.urls import path

from nokkel.agreements import contract_views, views

app_name = "agreements"
urlpatterns = [
    path("accounts/<int:account_id>/offers/new/", views.offer_create, name="offer-create"),
    path("offers/approvals/", views.approval_list, name="approval-list"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer-detail"),
    path("offers/<int:offer_id>/edit/", views.offer_edit, name="offer-edit"),
    path("offers/<int:offer_id>/submit/", views.offer_submit, name="offer-submit"),
    path("offers/<int:offer_id>/approve/", views.offer_approve, name="offer-approve"),
    path("offers/<int:offer_id>/send/", views.offer_send, name="offer-send"),
    path("offers/<int:offer_id>/accept/", views.offer_accept, name="offer-accept"),
    path("offers/<int:offer_id>/reject/", views.offer_reject, name="offer-reject"),
    path("offers/<int:offer_id>/revise/", views.offer_revise, name="offer-revise"),
    path("offers/<int:offer_id>/pdf/", views.offer_pdf_download, name="offer-pdf"),
    path(
        "accounts/<int:account_id>/contracts/new/",
        contract_views.contract_create,
        name="contract-create",
    ),
    path("contracts/renewals/", contract_views.renewal_list, name="renewal-list"),
    path("contracts/<int:contract_id>/", contract_views.contract_detail, name="contract-detail"),
    path("contracts/<int:contract_id>/edit/", contract_views.contract_edit, name="contract-edit"),
    path(
        "contracts/<int:contract_id>/document/",
        contract_views.contract_document,
        name="contract-document",
    ),
]
