from django.apps import AppConfig

from npq.core import dashboard


class WebhooksConfig(AppConfig):
    name = "npq.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        # Receivers import models, which exist only once the app registry is ready.
        from npq.webhooks import announce

        announce.connect()
        dashboard.register(
            ["lead_provider"],
            "Webhooks",
            "webhooks:endpoints",
            "Have changes to your participants, declarations and statements sent to your systems as they happen.",
        )
