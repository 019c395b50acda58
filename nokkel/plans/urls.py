from django.urls import path

from nokkel.plans import views

app_name = "plans"
urlpatterns = [
    path("account/<int:account_id>/", views.plan_list, name="plan-list"),
    path("account/<int:account_id>/new/", views.plan_create, name="plan-create"),
    path("<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("<int:plan_id>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:plan_id>/activate/", views.plan_activate, name="plan-activate"),
    path("<int:plan_id>/archive/", views.plan_archive, name="plan-archive"),
    path("<int:plan_id>/objectives/new/", views.objective_create, name="objective-create"),
    path("objectives/<int:objective_id>/edit/", views.objective_edit, name="objective-edit"),
    path("<int:plan_id>/actions/new/", views.action_create, name="action-create"),
    path("actions/<int:action_id>/complete/", views.action_complete, name="action-complete"),
]
