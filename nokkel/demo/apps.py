from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "nokkel.demo"
    label = "demo"
