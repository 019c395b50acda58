"""The competitor register in the REST API; included at the root of /api/v1/."""

from django.urls import path

from nokkel.competitors import api

app_name = "competitors-api"
urlpatterns = [
    path("competitors/", api.CompetitorListApi.as_view(), name="competitor-list"),
    path(
        "competitors/<int:competitor_id>/",
        api.CompetitorDetailApi.as_view(),
        name="competitor-detail",
    ),
]
