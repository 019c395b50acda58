from django.urls import path

from nokkel.health import api

app_name = "health-api"
urlpatterns = [
    path(
        "accounts/<int:account_id>/health/", api.AccountHealthApi.as_view(), name="account-health"
    ),
    path("portfolio/health/", api.PortfolioHealthApi.as_view(), name="portfolio-health"),
]
