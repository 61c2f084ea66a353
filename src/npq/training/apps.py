from django.apps import AppConfig

from npq.core import dashboard
from npq.core.roles import Role


class TrainingConfig(AppConfig):
    name = "npq.training"
    label = "training"

    def ready(self) -> None:
        dashboard.register(
            [Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER],
            "Applications",
            "training:applications",
            "Find an application by name, email, TRN or id; accept or reject it; download the list as CSV.",
        )
        dashboard.register(
            [Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER],
            "Participants",
            "training:participants",
            "Participants' records: defer, resume, withdraw, change schedule, record outcomes; CSV download.",
        )
        dashboard.register(
            [Role.LEAD_PROVIDER],
            "Delivery partners' access",
            "training:partners",
            "Let a delivery partner's staff act on the participants they deliver, or only read.",
        )
