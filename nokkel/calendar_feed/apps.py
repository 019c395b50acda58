from django.apps import AppConfig


class CalendarFeedConfig(AppConfig):
    name = "nokkel.calendar_feed"
    label = "calendar_feed"
