from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "nokkel.surveys"
    label = "surveys"

    def ready(self) -> None:
        from nokkel.surveys import panels

        panels.register()
