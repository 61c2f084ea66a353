from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "npq.training"
    label = "training"

    def ready(self) -> None:
        from npq.core import dashboard

        dashboard.register(
            ["dfe_admin"],
            "Merge duplicate participants",
            "training:merge",
            "Retire a duplicate participant id and move its applications to the record kept.",
        )
