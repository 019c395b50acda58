from django.urls import path

from nokkel.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", views.campaign_create, name="campaign-create"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path("<int:campaign_id>/recipients/", views.campaign_recipients, name="campaign-recipients"),
    path("<int:campaign_id>/send/", views.campaign_send, name="campaign-send"),
    path("<int:campaign_id>/close/", views.campaign_close, name="campaign-close"),
    path("<int:campaign_id>/results/", views.campaign_results, name="campaign-results"),
    path(
        "<int:campaign_id>/accounts/<int:account_id>/",
        views.account_results,
        name="account-results",
    ),
    path(
        "<int:campaign_id>/accounts/<int:account_id>/estimate/",
        views.team_estimate,
        name="team-estimate",
    ),
]
