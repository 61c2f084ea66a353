"""Delivery policy as pure functions: engagement, the gate to sit the summative assessment, and
priorities for a leadership-behaviours development plan."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Attendance(StrEnum):
    ATTENDED = "attended"
    PARTIAL = "partial"
    ABSENT = "absent"


# The delivery modes that need a place or a link (``frameworks.models.DeliveryMode`` values).
NEEDS_PLACE, NEEDS_LINK = "face_to_face", "live_video"

CREDIT = {Attendance.ATTENDED: Decimal(1), Attendance.PARTIAL: Decimal("0.5"), Attendance.ABSENT: Decimal(0)}
RATING_MIN, RATING_MAX = 1, 5


@dataclass(frozen=True)
class Engagement:
    sessions_held: int
    credit: Decimal
    percent: int  # whole percent, rounded half up; 0 when nothing has been held

    def meets(self, threshold_percent: int) -> bool:
        return self.sessions_held > 0 and self.percent >= threshold_percent


def engagement(sessions_held: int, marks: Iterable[Attendance | str]) -> Engagement:
    """Engagement over the sessions held so far: attended counts 1, partly attended ½, absent 0;
    a held session with no record counts as absent."""
    if sessions_held < 0:
        raise ValueError("sessions_held cannot be negative")
    values = [Attendance(m) for m in marks]
    if len(values) > sessions_held:
        raise ValueError(f"{len(values)} attendance records for {sessions_held} sessions held")
    credit = sum((CREDIT[v] for v in values), Decimal(0))
    if sessions_held == 0:
        return Engagement(0, credit, 0)
    percent = int((credit * 100 / sessions_held).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Engagement(sessions_held, credit, percent)


# NPQs run 12 to 18 months from the last start a cohort's schedules allow; with the summative
# assessment and one resubmission, delivery ends within two years of that last start.
DELIVERY_AFTER_LAST_START = dt.timedelta(days=730)


@dataclass(frozen=True)
class DeliveryWindow:
    """The days on which a cohort of delivery may hold sessions: from the first start its
    cohort's schedules allow to the end of delivery after the last start (both days included)."""

    opens: dt.date
    closes: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.opens <= day <= self.closes


def delivery_window(
    schedule_spans: Iterable[tuple[dt.date, dt.date]], deadlines: Iterable[dt.date | None] = ()
) -> DeliveryWindow | None:
    """The window from a cohort's schedules (applies from, applies to) for the course's group and
    their milestone deadlines: None when the cohort has no schedule for it."""
    spans = list(schedule_spans)
    if not spans:
        return None
    ends = [to + DELIVERY_AFTER_LAST_START for _, to in spans] + [d for d in deadlines if d is not None]
    return DeliveryWindow(min(start for start, _ in spans), max(ends))


def session_date_problem(day: dt.date, window: DeliveryWindow | None) -> str | None:
    """Why a session cannot be on ``day`` (None when it can)."""
    if window is None or window.holds(day):
        return None
    return (
        f"Choose a date between {window.opens:%-d %B %Y} and {window.closes:%-d %B %Y}, when the cohort's schedule runs"
    )


@dataclass(frozen=True)
class SessionTimes:
    """What decides whether a session was due: when it started and whether it was cancelled."""

    id: int
    starts_at: dt.datetime
    cancelled: bool = False


def due_sessions(sessions: Iterable[SessionTimes], now: dt.datetime, window: DeliveryWindow | None) -> set[int]:
    """The sessions a participant was due to attend by ``now``: started, not cancelled, and on a
    day inside the cohort's delivery window (a session from outside it is never counted)."""
    return {
        s.id
        for s in sessions
        if s.starts_at <= now and not s.cancelled and (window is None or window.holds(s.starts_at.date()))
    }


def engagement_over_due(due: set[int], marks: Mapping[int, Attendance | str]) -> Engagement:
    """Engagement over the due sessions only: marks for other sessions (cancelled, outside the
    window, not yet due) are left out."""
    return engagement(len(due), [m for sid, m in marks.items() if sid in due])


class SessionState(StrEnum):
    UPCOMING = "upcoming"
    HELD = "held"
    CANCELLED = "cancelled"
    NOT_COUNTED = "not_counted"  # held on a day outside the cohort's schedule, from before dates were checked


def session_state(
    starts_at: dt.datetime, now: dt.datetime, cancelled: bool, window: DeliveryWindow | None
) -> SessionState:
    if cancelled:
        return SessionState.CANCELLED
    if starts_at > now:
        return SessionState.UPCOMING
    if window is not None and not window.holds(starts_at.date()):
        return SessionState.NOT_COUNTED
    return SessionState.HELD


class YourPlace(StrEnum):
    """What one participant reads beside one session: a booked place before it, attendance after."""

    BOOKED = "booked"
    NOT_BOOKED = "not_booked"
    ATTENDED = "attended"
    PARTIAL = "partial"
    ABSENT = "absent"
    NOT_RECORDED = "not_recorded"
    CANCELLED = "cancelled"
    NOT_COUNTED = "not_counted"


def your_place(state: SessionState, booked: bool, attendance: Attendance | str | None) -> YourPlace:
    """Sign-up means a place booked on a session still to come; attendance is what happened at a
    session held. A held session reads its attendance whether or not a place was booked."""
    if state == SessionState.CANCELLED:
        return YourPlace.CANCELLED
    if state == SessionState.UPCOMING:
        return YourPlace.BOOKED if booked else YourPlace.NOT_BOOKED
    if state == SessionState.NOT_COUNTED:
        return YourPlace.NOT_COUNTED
    return YourPlace(Attendance(attendance).value) if attendance else YourPlace.NOT_RECORDED


def place_change_problem(state: SessionState, booking: bool, booked: bool) -> str | None:
    """Why a participant cannot book (``booking``) or give up a place now (None when they can)."""
    if state == SessionState.CANCELLED:
        return "This session has been cancelled"
    if state != SessionState.UPCOMING:
        return "This session has already started, so places can no longer change"
    if booking and booked:
        return "You already have a place on this session"
    if not booking and not booked:
        return "You do not have a place on this session to cancel"
    return None


@dataclass(frozen=True)
class Priority:
    behaviour: str
    self_rating: int
    others_average: Decimal | None
    gap: Decimal  # others minus self: positive when colleagues rate higher


def check_ratings(ratings: Mapping[str, object], behaviours: Iterable[str]) -> list[str]:
    """Problems with a set of ratings, one per behaviour not rated 1 to 5 (empty when all fine)."""
    problems = []
    for key in behaviours:
        value = ratings.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not RATING_MIN <= value <= RATING_MAX:
            problems.append(key)
    return problems


# Colleagues' 360° ratings are shown only when at least this many have rated a behaviour, and only
# as their average: with one or two, the participant could read (or work out) a colleague's ratings.
MIN_COLLEAGUES_SHOWN = 3


def colleagues_average(scores: Iterable[int], minimum: int = MIN_COLLEAGUES_SHOWN) -> Decimal | None:
    """The colleagues' average for one behaviour to one decimal place, or None below ``minimum``."""
    values = [Decimal(s) for s in scores]
    if len(values) < minimum:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def development_priorities(
    self_ratings: Mapping[str, int], others: Iterable[Mapping[str, int]], limit: int = 3
) -> list[Priority]:
    """Behaviours to plan for first: the lowest combined rating (self and colleagues' average, when
    enough colleagues have answered to show one), ties broken by the largest disagreement, then by
    name, so the order is stable."""
    responses = list(others)
    rows = []
    for key, own in self_ratings.items():
        average = colleagues_average(r[key] for r in responses if key in r)
        combined = (Decimal(own) + average) / 2 if average is not None else Decimal(own)
        gap = (average - own) if average is not None else Decimal(0)
        rows.append((combined, -abs(gap), key, Priority(key, own, average, gap)))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[3] for r in rows[:limit]]


def session_problems(
    title: str, mode: str, modes: Iterable[str], place: str, link: str, duration_minutes: int | None
) -> list[tuple[str, str]]:
    """Every problem with a session's details as (field, message), so a form can show them all at
    once; ``duration_minutes`` is None when the form already reported it as not a number."""
    problems = []
    if not title.strip():
        problems.append(("title", "Enter a title for the session"))
    if mode not in set(modes):
        problems.append(("mode", "Select how the session is delivered"))
    if duration_minutes is not None and not 5 <= duration_minutes <= 600:
        problems.append(("duration", "Enter a length between 5 and 600 minutes"))
    if mode == NEEDS_PLACE and not place.strip():
        problems.append(("place", "Enter where the face-to-face session takes place"))
    if mode == NEEDS_LINK and not link.strip():
        problems.append(("link", "Enter the link for the live video session"))
    elif link.strip() and not link.strip().startswith(("https://", "http://")):
        problems.append(("link", "Enter a link that starts with https://"))
    return problems
