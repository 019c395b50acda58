"""Surveys in the REST API; included at the root of /api/v1/."""

from django.urls import path

from nokkel.surveys import api

app_name = "surveys-api"
urlpatterns = [
    path("surveys/", api.CampaignListApi.as_view(), name="campaign-list"),
    path("surveys/<int:campaign_id>/", api.CampaignDetailApi.as_view(), name="campaign-detail"),
    path(
        "surveys/<int:campaign_id>/results/",
        api.CampaignResultsApi.as_view(),
        name="campaign-results",
    ),
    path(
        "accounts/<int:account_id>/survey-results/",
        api.AccountSurveyResultsApi.as_view(),
        name="account-results",
    ),
    path(
        "survey-responses/<str:token>/",
        api.SurveyResponseApi.as_view(),
        name="survey-response",
    ),
]
