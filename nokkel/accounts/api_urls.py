"""Accounts, contacts and teams in the REST API; included at the root of /api/v1/."""

from django.urls import path

from nokkel.accounts import api

app_name = "accounts-api"
urlpatterns = [
    path("accounts/", api.AccountListApi.as_view(), name="account-list"),
    path("accounts/<int:account_id>/", api.AccountDetailApi.as_view(), name="account-detail"),
    path("accounts/<int:account_id>/team/", api.AccountTeamApi.as_view(), name="account-team"),
    path(
        "accounts/<int:account_id>/team/<int:membership_id>/",
        api.TeamMembershipApi.as_view(),
        name="team-membership",
    ),
    path("contacts/", api.ContactListApi.as_view(), name="contact-list"),
    path("contacts/<int:contact_id>/", api.ContactDetailApi.as_view(), name="contact-detail"),
]
