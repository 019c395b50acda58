from django.urls import path

from nokkel.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list, name="account-list"),
    path("new/", views.account_create, name="account-create"),
    path("handover/", views.portfolio_handover, name="portfolio-handover"),
    path("<int:account_id>/", views.account_detail, name="account-detail"),
    path("<int:account_id>/edit/", views.account_edit, name="account-edit"),
    path("<int:account_id>/contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="contact-edit"),
    path("<int:account_id>/team/", views.team_manage, name="team-manage"),
    path(
        "<int:account_id>/team/<int:membership_id>/remove/",
        views.team_member_remove,
        name="team-member-remove",
    ),
    path("<int:account_id>/handover/", views.account_handover, name="account-handover"),
]
