from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "npq.training"
    label = "training"
