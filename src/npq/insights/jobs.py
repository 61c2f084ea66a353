"""Insights' scheduled job: bring the summary tables up to date every 15 minutes."""

from npq.core import jobs, schedules
from npq.core.audit import Actor
from npq.insights import services


@jobs.job("Refresh the insight summaries")
def refresh_summaries() -> int:
    """The same service as ``npq insights refresh``: only what changed since the last refresh."""
    return services.refresh(Actor.job("refresh insights")).applications


def register() -> None:
    schedules.register(
        schedules.Schedule(
            "insights.refresh",
            "Refresh the insight summaries",
            refresh_summaries,
            schedules.every(15),
        )
    )
