from typing import Any

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "npq.insights"
    label = "insights"
    verbose_name = "Insights: uptake, funding and outcomes against the Department's targets"

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready, hence imports here.
        from npq.core import dashboard
        from npq.core.roles import Role
        from npq.insights import jobs, queries
        from npq.reference.hooks import reference_loaded

        reference_loaded.register(_load_targets)
        jobs.register()
        dashboard.register(
            [Role.DFE_ADMIN, Role.FINANCE_OFFICER, Role.FINANCE_APPROVER],
            "Uptake against the target",
            "insights:national",
            "Starts against the Department's target, the funnel, the budget and survey evidence, with charts and CSVs.",
        )
        dashboard.register(
            [Role.LEAD_PROVIDER, Role.QUALITY_LEAD],
            "Your uptake and outcomes",
            "insights:provider",
            "Your participants' starts, funnel, retention, completion and pass rates, with charts and CSVs.",
        )
        dashboard.register(
            [Role.INSPECTOR],
            "Uptake and outcomes of the provider you are inspecting",
            "insights:inspected",
            "The provider's starts, funnel and outcomes while your inspection lasts.",
        )
        dashboard.register(
            [Role.DFE_ADMIN],
            "Published statistics",
            "insights:releases",
            "Publish figures as of a date with their method notes, and compare a release with the live figures.",
        )
        dashboard.register_summary([Role.DFE_ADMIN, Role.FINANCE_OFFICER, Role.FINANCE_APPROVER], queries.headline)


def _load_targets(actor: Any, summary: Any) -> None:
    from npq.insights.services import load_targets

    load_targets(actor, summary)
