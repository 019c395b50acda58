from django.urls import path

from nokkel.activities import api

app_name = "activities-api"
urlpatterns = [
    path("interactions/", api.InteractionListApi.as_view(), name="interaction-list"),
    path(
        "interactions/<int:interaction_id>/",
        api.InteractionDetailApi.as_view(),
        name="interaction-detail",
    ),
    path("follow-ups/", api.FollowUpListApi.as_view(), name="follow-up-list"),
    path(
        "follow-ups/<int:follow_up_id>/",
        api.FollowUpDetailApi.as_view(),
        name="follow-up-detail",
    ),
    path("quick-log/preview/", api.QuickLogPreviewApi.as_view(), name="quick-log-preview"),
    path("quick-log/", api.QuickLogApi.as_view(), name="quick-log"),
]
