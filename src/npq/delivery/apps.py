from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "npq.delivery"
    label = "delivery"
