from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "nokkel.pipeline"
    label = "pipeline"

    def ready(self) -> None:
        from nokkel.pipeline import panels

        panels.register()
