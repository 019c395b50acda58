from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nokkel.core"
    label = "core"
