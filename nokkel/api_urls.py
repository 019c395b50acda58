"""/api/v1/: each app contributes its routes here."""

from django.urls import include, path

from nokkel.users.api import obtain_token

urlpatterns = [
    path("auth/token/", obtain_token, name="api-token"),
    path("", include("nokkel.accounts.api_urls")),
    path("", include("nokkel.portfolio.api_urls")),
]
