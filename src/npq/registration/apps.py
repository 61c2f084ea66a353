from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "npq.registration"
    label = "registration"
