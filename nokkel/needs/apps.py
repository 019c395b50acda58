from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "nokkel.needs"
    label = "needs"

    def ready(self) -> None:
        from nokkel.needs import events, panels

        panels.register()
        events.register()
