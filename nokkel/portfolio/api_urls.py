from django.urls import path

from nokkel.portfolio import api

app_name = "portfolio-api"
urlpatterns = [
    path("portfolio/abc/", api.AbcView.as_view(), name="portfolio-abc"),
    path(
        "accounts/<int:account_id>/revenue/",
        api.AccountRevenueView.as_view(),
        name="account-revenue",
    ),
]
