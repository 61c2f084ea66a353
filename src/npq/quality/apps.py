from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "npq.quality"
    label = "quality"
    verbose_name = "Quality: facilitator observations, self-evaluation, inspections and improvement actions"

    def ready(self) -> None:
        from npq.core import dashboard
        from npq.core.roles import Role

        dashboard.register(
            [Role.INSPECTOR],
            "Inspections",
            "quality:inspections",
            "Your inspections: evidence packs while your access lasts, samples, evidence, grades and reports.",
        )
        dashboard.register(
            [Role.QUALITY_LEAD, Role.LEAD_PROVIDER],
            "Quality and inspection",
            "quality:provider",
            "Facilitators and observation coverage, self-evaluation, inspections, what inspectors read, actions.",
        )
        dashboard.register(
            [Role.DELIVERY_PARTNER],
            "Observations of your sessions",
            "quality:mine",
            "What the lead provider's quality staff observed when they watched your sessions, and the actions agreed.",
        )
        dashboard.register(
            [Role.DFE_ADMIN],
            "Quality across providers",
            "quality:department",
            "Latest judgements, next inspections due, open and overdue actions, quality indicators side by side.",
        )
