from django.urls import path

from nokkel.calendar_feed import views

app_name = "calendar_feed"
urlpatterns = [
    path("", views.feed_settings, name="settings"),
    path("new-address/", views.token_regenerate, name="token-regenerate"),
    # token_urlsafe's alphabet is exactly the slug converter's.
    path("feed/<slug:token>.ics", views.feed, name="feed"),
]
