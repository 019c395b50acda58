from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "nokkel.users"
    label = "users"
