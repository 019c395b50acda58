from django.apps import AppConfig


class MailcaptureConfig(AppConfig):
    name = "nokkel.mailcapture"
    label = "mailcapture"
