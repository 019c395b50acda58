from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "nokkel.health"
    label = "health"

    def ready(self) -> None:
        from nokkel.health import panels
        from nokkel.health.events import describe_acknowledgement
        from nokkel.timeline.describe import register_describer
        from nokkel.timeline.models import EventKind

        panels.register()
        register_describer(EventKind.HEALTH_WARNING_ACKNOWLEDGED, describe_acknowledgement)
