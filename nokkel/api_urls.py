"""/api/v1/: each app contributes its routes here."""

from django.urls import include, path

from nokkel.users.api import obtain_token

urlpatterns = [
    path("auth/token/", obtain_token, name="api-token"),
    path("", include("nokkel.accounts.api_urls")),
    path("", include("nokkel.portfolio.api_urls")),
    path("", include("nokkel.shipments.api_urls")),
    path("", include("nokkel.activities.api_urls")),
    path("", include("nokkel.plans.api_urls")),
    path("", include("nokkel.mailcapture.api_urls")),
    path("", include("nokkel.surveys.api_urls")),
    path("", include("nokkel.pipeline.api_urls")),
    path("", include("nokkel.competitors.api_urls")),
    path("", include("nokkel.needs.api_urls")),
    path("", include("nokkel.agreements.api_urls")),
    path("", include("nokkel.health.api_urls")),
]
