from django.apps import AppConfig

from npq.core import dashboard
from npq.core.roles import Role


class IdentityConfig(AppConfig):
    name = "npq.identity"
    label = "identity"
    verbose_name = "Participant identity"

    def ready(self) -> None:
        dashboard.register(
            [Role.DFE_ADMIN],
            "Search people, applications and declarations",
            "identity:search",
            "By name, email, TRN, school URN or id; each person's page links everything and starts a merge.",
        )
        dashboard.register(
            [Role.DFE_ADMIN],
            "Merge duplicate participants",
            "identity:merge",
            "Retire a duplicate participant id and move its applications to the record kept.",
        )
