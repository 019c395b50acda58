from django.urls import path

from nokkel.needs import views

app_name = "needs"
urlpatterns = [
    path("accounts/<int:account_id>/analysis/new/", views.analysis_create, name="analysis-create"),
    path("analyses/<int:needs_analysis_id>/", views.analysis_detail, name="analysis-detail"),
    path("accounts/<int:account_id>/criteria/", views.criteria_edit, name="criteria-edit"),
]
