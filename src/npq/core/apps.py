from django.apps import AppConfig

from npq.core import dashboard


class CoreConfig(AppConfig):
    name = "npq.core"
    label = "core"

    def ready(self) -> None:
        dashboard.register(["dfe_admin"], "Audit trail", "core:audit", "Who changed what, and when, for any record.")
        dashboard.register(
            ["dfe_admin"],
            "Background jobs",
            "core:failed_jobs",
            "Failed jobs to retry, the scheduled jobs with their last and next runs, and the emails sent.",
        )
