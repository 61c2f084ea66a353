from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "npq.declarations"
    label = "declarations"
