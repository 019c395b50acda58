from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "nokkel.portfolio"
    label = "portfolio"

    def ready(self) -> None:
        from nokkel.portfolio import panels

        panels.register()
