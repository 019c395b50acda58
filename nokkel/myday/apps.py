from django.apps import AppConfig


class MydayConfig(AppConfig):
    name = "nokkel.myday"
    label = "myday"
