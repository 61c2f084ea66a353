"""Delivery policy as pure functions: engagement, the gate to sit the summative assessment, and
priorities for a leadership-behaviours development plan."""

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
