"""Shipment imports in the REST API; included at the root of /api/v1/."""

from django.urls import path

from nokkel.shipments import api

app_name = "shipments-api"
urlpatterns = [
    path("imports/shipments/", api.ShipmentImportListApi.as_view(), name="import-list"),
    path(
        "imports/customer-aliases/", api.CustomerAliasListApi.as_view(), name="customer-alias-list"
    ),
    path("imports/<int:import_id>/", api.ShipmentImportDetailApi.as_view(), name="import-detail"),
    path(
        "imports/<int:import_id>/rejected-rows/",
        api.ShipmentImportRejectedRowsApi.as_view(),
        name="import-rejected-rows",
    ),
]
