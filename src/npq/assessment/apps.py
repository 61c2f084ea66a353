from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "npq.assessment"
    label = "assessment"
