"""The public survey form, included at /s/: the token in the link is the credential."""

from django.urls import path

from nokkel.surveys import public_views

app_name = "surveys-public"
urlpatterns = [
    path("<str:token>/", public_views.survey_respond, name="respond"),
]
