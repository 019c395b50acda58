from django.urls import path

from nokkel.competitors import views

app_name = "competitors"
urlpatterns = [
    path("", views.competitor_list, name="competitor-list"),
    path("win-back/", views.win_back, name="win-back"),
    path("<int:competitor_id>/", views.competitor_detail, name="competitor-detail"),
    path("<int:competitor_id>/edit/", views.competitor_edit, name="competitor-edit"),
]
