"""Reference's scheduled job: refresh schools from the GIAS file at ``NPQ_GIAS_FILE`` each night.

The file is fetched to that location by the platform's operators (GIAS publishes one a day); the
import is the same as ``npq import schools FILE --execute``, with its guard against closing most
schools from a partial file. No file configured: the job says so and changes nothing.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings

from npq.core import jobs, schedules
from npq.core.audit import Actor
from npq.reference.importing import import_schools


@jobs.job("Refresh schools from GIAS", jobs.RetryPolicy(attempts=3, base_seconds=600))
def refresh_schools() -> str:
    if not settings.NPQ_GIAS_FILE:
        return "No GIAS file configured (NPQ_GIAS_FILE): nothing imported"
    summary = import_schools(Path(settings.NPQ_GIAS_FILE), Actor.job("GIAS refresh"), execute=True)
    return "; ".join(summary.lines())[:500]


def register() -> None:
    schedules.register(
        schedules.Schedule(
            "reference.gias_refresh", "Refresh schools from GIAS", refresh_schools, schedules.daily(dt.time(3, 0))
        )
    )
