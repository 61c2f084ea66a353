from django.apps import AppConfig

from npq.core import dashboard


class DeliveryConfig(AppConfig):
    name = "npq.delivery"
    label = "delivery"
    verbose_name = "Delivery: cohorts, sessions and attendance"

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready, hence the import here.
        from npq.delivery.record import delivery_section
        from npq.training import hooks as training_hooks

        training_hooks.record_sections.register(delivery_section)
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
            "Book places on sessions, see your attendance and engagement, and do your leadership-behaviours "
            "self-evaluation and checkpoints.",
        )
        dashboard.register(
            ["dfe_admin"],
            "Cohorts of delivery",
            "delivery:list",
            "Every provider's cohorts of delivery, sessions and attendance.",
        )
