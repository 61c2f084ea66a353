"""Questions insights asks of apps above it (see ``npq.core.hooks``).

* ``inspected_provider(user, today)``: the id of the lead provider ``user`` (an inspector) is
  inspecting on ``today``, or None. The quality app owns inspections and answers it; unanswered,
  no inspector sees any provider's figures.
"""

import datetime as dt
from typing import Any

from npq.core.hooks import Hook

inspected_provider: Hook[[Any, dt.date], int | None] = Hook(
    "insights.inspected_provider",
    "The lead provider an inspector is inspecting today (its id), or None: (user, today).",
)


def provider_inspected_by(user: Any, today: dt.date) -> int | None:
    return inspected_provider.ask(user, today) if inspected_provider.answered else None
