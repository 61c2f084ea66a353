from django.apps import AppConfig

from npq.core import dashboard
from npq.core.roles import Role


class PeopleConfig(AppConfig):
    name = "npq.people"
    label = "people"

    def ready(self) -> None:
        from npq.people import jobs

        jobs.register()
        dashboard.register(
            [Role.DFE_ADMIN],
            "Staff users",
            "people:staff",
            "Invite staff by email, set their role and organisation, deactivate accounts, see last sign-in.",
        )
