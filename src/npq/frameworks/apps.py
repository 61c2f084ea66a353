from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "npq.frameworks"
    label = "frameworks"
