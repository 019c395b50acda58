from django.urls import path

from nokkel.pipeline import lead_views, views

app_name = "pipeline"
urlpatterns = [
    path("", views.board, name="board"),
    path("forecast/", views.forecast, name="forecast"),
    path(
        "accounts/<int:account_id>/opportunities/new/",
        views.opportunity_create,
        name="opportunity-create",
    ),
    path(
        "opportunities/<int:opportunity_id>/",
        views.opportunity_detail,
        name="opportunity-detail",
    ),
    path(
        "opportunities/<int:opportunity_id>/edit/",
        views.opportunity_edit,
        name="opportunity-edit",
    ),
    path(
        "opportunities/<int:opportunity_id>/move/",
        views.opportunity_move,
        name="opportunity-move",
    ),
    path("leads/", lead_views.lead_inbox, name="lead-inbox"),
    path("leads/rules/", lead_views.lead_rule_add, name="lead-rule-add"),
    path("leads/rules/remove/", lead_views.lead_rule_remove, name="lead-rule-remove"),
    path("leads/<int:lead_id>/", lead_views.lead_detail, name="lead-detail"),
    path(
        "leads/<int:lead_id>/add-contact/",
        lead_views.lead_contact_add,
        name="lead-contact-add",
    ),
]
