from django.apps import AppConfig


class ShipmentsConfig(AppConfig):
    name = "nokkel.shipments"
    label = "shipments"
