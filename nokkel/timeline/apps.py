from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "nokkel.timeline"
    label = "timeline"

    def ready(self) -> None:
        from nokkel.timeline import panels

        panels.register()
