from django.urls import path

from nokkel.mailcapture import views

app_name = "mailcapture"
urlpatterns = [
    path("", views.my_mail, name="my-mail"),
    path(
        "address/regenerate/",
        views.drop_address_regenerate,
        name="drop-address-regenerate",
    ),
    path("triage/<int:message_id>/", views.triage_detail, name="triage-detail"),
    path("triage/<int:message_id>/assign/", views.triage_assign, name="triage-assign"),
    path("triage/<int:message_id>/discard/", views.triage_discard, name="triage-discard"),
    path("accounts/<int:account_id>/upload/", views.eml_upload, name="eml-upload"),
]
