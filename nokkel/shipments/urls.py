from django.urls import path

from nokkel.shipments import views

app_name = "shipments"
urlpatterns = [
    path("imports/", views.import_list, name="import-list"),
    path("imports/<int:import_id>/", views.import_detail, name="import-detail"),
    path(
        "imports/<int:import_id>/rejected-rows/",
        views.rejected_rows_download,
        name="rejected-rows",
    ),
]
