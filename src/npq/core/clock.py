"""The one place that reads the real clock.

Services take ``today``/``now`` arguments; callers get them from here. A request can carry a
moved clock (the sandbox ``X-With-Server-Date`` header), set by ``npq.core.middleware``.
"""

import contextvars
import datetime as dt

from django.utils import timezone

_override: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("npq_clock", default=None)


def now() -> dt.datetime:
    moved = _override.get()
    return moved if moved is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


def move_to(moment: dt.datetime | None) -> contextvars.Token[dt.datetime | None]:
    """Move the clock for the current context (one request, one test); returns a reset token."""
    return _override.set(moment)


def reset(token: contextvars.Token[dt.datetime | None]) -> None:
    _override.reset(token)
