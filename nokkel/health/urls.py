from django.urls import path

from nokkel.health import views

app_name = "health"
urlpatterns = [
    path("warnings/", views.warning_list, name="warning-list"),
    path(
        "warnings/<int:account_id>/acknowledge/",
        views.warning_acknowledge,
        name="warning-acknowledge",
    ),
]
