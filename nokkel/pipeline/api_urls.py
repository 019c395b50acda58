"""Leads and opportunities in the REST API; included at the root of /api/v1/."""

from django.urls import path

from nokkel.pipeline import api

app_name = "pipeline-api"
urlpatterns = [
    path("leads/", api.LeadListApi.as_view(), name="lead-list"),
    path("leads/<int:lead_id>/", api.LeadDetailApi.as_view(), name="lead-detail"),
    path("opportunities/", api.OpportunityListApi.as_view(), name="opportunity-list"),
    path(
        "opportunities/<int:opportunity_id>/",
        api.OpportunityDetailApi.as_view(),
        name="opportunity-detail",
    ),
    path(
        "opportunities/<int:opportunity_id>/move/",
        api.OpportunityMoveApi.as_view(),
        name="opportunity-move",
    ),
]
