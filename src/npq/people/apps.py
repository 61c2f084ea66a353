from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "npq.people"
    label = "people"

    def ready(self) -> None:
        from npq.people import jobs

        jobs.register()
