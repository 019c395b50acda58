from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "nokkel.agreements"
    label = "agreements"

    def ready(self) -> None:
        from nokkel.agreements import events, panels

        panels.register()
        events.register()
