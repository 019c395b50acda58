"""Customer plans in the REST API; included at the root of /api/v1/."""

from django.urls import path

from nokkel.plans import api

app_name = "plans-api"
urlpatterns = [
    path("plans/", api.PlanListApi.as_view(), name="plan-list"),
    path("plans/<int:plan_id>/", api.PlanDetailApi.as_view(), name="plan-detail"),
    path("plans/<int:plan_id>/objectives/", api.ObjectiveListApi.as_view(), name="objective-list"),
    path(
        "plans/<int:plan_id>/objectives/<int:objective_id>/",
        api.ObjectiveDetailApi.as_view(),
        name="objective-detail",
    ),
    path("plans/<int:plan_id>/actions/", api.ActionListApi.as_view(), name="action-list"),
    path(
        "plans/<int:plan_id>/actions/<int:action_id>/complete/",
        api.ActionCompleteApi.as_view(),
        name="action-complete",
    ),
]
