from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nokkel.accounts"
    label = "accounts"

    def ready(self) -> None:
        from nokkel.accounts import panels

        panels.register()
