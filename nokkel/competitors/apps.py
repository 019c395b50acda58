from django.apps import AppConfig


class CompetitorsConfig(AppConfig):
    name = "nokkel.competitors"
    label = "competitors"
