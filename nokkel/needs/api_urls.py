"""Needs analyses and decision criteria in the REST API; included at the root of /api/v1/."""

from django.urls import path

from nokkel.needs import api

app_name = "needs-api"
urlpatterns = [
    path("needs-analyses/", api.NeedsAnalysisListApi.as_view(), name="analysis-list"),
    path(
        "needs-analyses/<int:needs_analysis_id>/",
        api.NeedsAnalysisDetailApi.as_view(),
        name="analysis-detail",
    ),
    path(
        "accounts/<int:account_id>/decision-criteria/",
        api.DecisionCriteriaApi.as_view(),
        name="decision-criteria",
    ),
]
