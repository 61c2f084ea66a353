from django.apps import AppConfig

from npq.core import dashboard


class ApiConfig(AppConfig):
    name = "npq.api"
    label = "api"

    def ready(self) -> None:
        # Jobs import models, which exist only once the app registry is ready.
        from npq.api import jobs

        jobs.register()
        from npq.api import changefeed

        changefeed.connect()

        dashboard.register(
            ["dfe_admin"],
            "Lead Provider API tokens",
            "api:tokens",
            "Create, rotate and revoke the tokens lead providers' systems use.",
        )
