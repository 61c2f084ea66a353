"""Finance's scheduled job: open statements become payable once their deadline has passed."""

import datetime as dt

from npq.core import jobs, schedules
from npq.core.audit import Actor
from npq.finance import services


@jobs.job("Make statements payable after their deadline")
def advance_statements() -> int:
    """The same service as ``npq statements advance``; each statement in its own transaction."""
    return len(services.advance_statements(Actor.job("advance statements")))


def register() -> None:
    schedules.register(
        schedules.Schedule(
            "finance.advance_statements",
            "Make statements payable after their deadline",
            advance_statements,
            schedules.daily(dt.time(0, 15)),
        )
    )
