from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "npq.api"
    label = "api"

    def ready(self) -> None:
        from npq.api import changefeed

        changefeed.connect()
