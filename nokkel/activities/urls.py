from django.urls import path

from nokkel.activities import quick_log_views, views

app_name = "activities"
urlpatterns = [
    path("quick-log/", quick_log_views.quick_log_save, name="quick-log"),
    path("quick-log/preview/", quick_log_views.quick_log_preview, name="quick-log-preview"),
    path(
        "accounts/<int:account_id>/interactions/new/",
        views.interaction_create,
        name="interaction-create",
    ),
    path("interactions/<int:interaction_id>/", views.interaction_detail, name="interaction-detail"),
    path("follow-ups/", views.follow_up_list, name="follow-up-list"),
    path(
        "accounts/<int:account_id>/follow-ups/new/",
        views.follow_up_create,
        name="follow-up-create",
    ),
    path(
        "follow-ups/<int:follow_up_id>/done/",
        views.follow_up_complete,
        name="follow-up-complete",
    ),
]
