from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "nokkel.audit"
    label = "audit"

    def ready(self) -> None:
        from nokkel.audit import receivers  # noqa: F401
