from django.apps import AppConfig

from npq.core import dashboard


class DeliveryConfig(AppConfig):
    name = "npq.delivery"
    label = "delivery"
    verbose_name = "Delivery: cohorts, sessions and attendance"

    def ready(self) -> None:
        dashboard.register(
            ["lead_provider", "delivery_partner"],
            "Cohorts of delivery",
            "delivery:list",
            "Sessions, attendance, engagement, formative checkpoints and participants' self-evaluations.",
        )
        dashboard.register(
            ["participant"],
            "Your sessions and engagement",
            "delivery:list",
            "Sign up for sessions, see your engagement, do your leadership-behaviours self-evaluation and checkpoints.",
        )
        dashboard.register(
            ["dfe_admin"],
            "Cohorts of delivery",
            "delivery:list",
            "Every provider's cohorts of delivery, sessions and attendance.",
        )
