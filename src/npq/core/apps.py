from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "npq.core"
    label = "core"

    def ready(self) -> None:
        from npq.core import dashboard

        dashboard.register(["dfe_admin"], "Audit trail", "core:audit", "Who changed what, and when, for any record.")
