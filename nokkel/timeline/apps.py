from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "nokkel.timeline"
    label = "timeline"
