from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "nokkel.plans"
    label = "plans"

    def ready(self) -> None:
        from nokkel.plans import panels
        from nokkel.plans.events import describe_plan_event
        from nokkel.timeline.describe import register_describer
        from nokkel.timeline.models import EventKind

        panels.register()
        register_describer(EventKind.PLAN_CHANGED, describe_plan_event)
