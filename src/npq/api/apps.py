from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "npq.api"
    label = "api"
