from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "npq.web"
    label = "web"
