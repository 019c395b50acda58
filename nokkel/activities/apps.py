from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "nokkel.activities"
    label = "activities"

    def ready(self) -> None:
        from nokkel.activities import panels

        panels.register()
