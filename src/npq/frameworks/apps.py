from django.apps import AppConfig

from npq.core import dashboard


class FrameworksConfig(AppConfig):
    name = "npq.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks and curricula"

    def ready(self) -> None:
        dashboard.register(
            ["dfe_admin"],
            "Frameworks",
            "frameworks:list",
            "Load, browse and publish framework versions; compare versions and see a review's impact on providers.",
        )
        dashboard.register(
            ["lead_provider", "inspector", "assessor", "delivery_partner"],
            "Frameworks",
            "frameworks:list",
            "Content areas, statements, behaviours, assessment tasks and criteria of each framework version.",
        )
        dashboard.register(
            ["lead_provider"],
            "Curricula and coverage",
            "frameworks:curricula",
            "Upload your course curricula and see which framework statements each covers, and where.",
        )
        dashboard.register(
            ["lead_provider"],
            "Your assessment tasks",
            "frameworks:tasks",
            "Design the assessment tasks and criteria your participants sit where the framework sets none.",
        )
        dashboard.register(
            ["dfe_admin", "inspector"],
            "Curricula and coverage",
            "frameworks:curricula",
            "Every lead provider's curriculum mapping and its coverage of the framework.",
        )
