from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nokkel.accounts"
    label = "accounts"
