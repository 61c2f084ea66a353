"""Which cohorts a person may register for on a day (pure)."""

import datetime as dt


def open_for_registration(registration_start: dt.date, last_start: dt.date | None, today: dt.date) -> bool:
    """Open from its registration start until the last day its leadership and specialist schedules
    let a participant start (``last_start``; a cohort without them is not open: nobody could be
    placed on it)."""
    return last_start is not None and registration_start <= today <= last_start
