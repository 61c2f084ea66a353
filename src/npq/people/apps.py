from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "npq.people"
    label = "people"
