"""What the insight figures mean: pure rules (no Django, no clock, no I/O).

A *start* is the first ``started`` declaration that is not voided (still live), counted once per
participant and course: a second application for the same course by the same person adds no start.
Each application is one row of the summary (a fact); its contribution to the tallies is a set of
(dimension, key, measure, value) cells, so an incremental refresh adds the new contribution and
takes away the old one.
"""

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Programme(StrEnum):
    NPQ = "npq"
    ECF = "ecf"


class InsightGroup(StrEnum):
    """The Department's reporting groups (the service's groups put early years under leadership)."""

    LEADERSHIP = "leadership"
    SPECIALIST = "specialist"
    EARLY_YEARS = "early-years"
    HEADSHIP_COACHING = "headship-coaching"


EARLY_YEARS_COURSES = frozenset({"npq-early-years-leadership"})
COACHING_GROUPS = frozenset({"ehco", "support"})


def insight_group(course_identifier: str, service_group: str) -> InsightGroup:
    if course_identifier in EARLY_YEARS_COURSES:
        return InsightGroup.EARLY_YEARS
    if service_group in COACHING_GROUPS:
        return InsightGroup.HEADSHIP_COACHING
    return InsightGroup(service_group)


class Measure(StrEnum):
    """The funnel, in order; then money."""

    REGISTERED = "registered"
    ELIGIBLE = "eligible"
    ACCEPTED = "accepted"
    STARTED = "started"
    RETAINED = "retained"
    COMPLETED = "completed"
    PASSED = "passed"
    COMMITTED = "committed"
    PAID = "paid"


FUNNEL: tuple[Measure, ...] = (
    Measure.REGISTERED,
    Measure.ELIGIBLE,
    Measure.ACCEPTED,
    Measure.STARTED,
    Measure.RETAINED,
    Measure.COMPLETED,
    Measure.PASSED,
)

#: Breakdowns every fact counts in; ``month`` (of the start) counts starts only.
DIMENSIONS: tuple[str, ...] = (
    "all",
    "group",
    "course",
    "cohort",
    "provider",
    "partner",
    "phase",
    "region",
    "area",
    "funding",
)
NOT_KNOWN = "Not known"


@dataclass(frozen=True)
class Fact:
    """One application as the summary sees it (after de-duplicating starts)."""

    group: str
    course: str
    cohort: str
    provider: str
    partner: str
    phase: str
    region: str  # a ``reference.rules.Region`` value, or "" when the school has none (or there is no school)
    area: str
    funded: bool
    reached: frozenset[Measure]
    start_month: str = ""
    committed_pence: int = 0


Cell = tuple[str, str, str]  # (dimension, key, measure)


def cells(fact: Fact) -> dict[Cell, int]:
    keys = {
        "all": "all",
        "group": fact.group,
        "course": fact.course,
        "cohort": fact.cohort,
        "provider": fact.provider,
        "partner": fact.partner or NOT_KNOWN,
        "phase": fact.phase or NOT_KNOWN,
        "region": fact.region or NOT_KNOWN,
        "area": fact.area or NOT_KNOWN,
        "funding": "funded" if fact.funded else "not-funded",
    }
    out: dict[Cell, int] = {}
    for measure in fact.reached:
        for dimension in DIMENSIONS:
            out[(dimension, keys[dimension], measure.value)] = 1
    if Measure.STARTED in fact.reached and fact.start_month:
        out[("month", fact.start_month, Measure.STARTED.value)] = 1
    if fact.committed_pence:
        out[("all", "all", Measure.COMMITTED.value)] = fact.committed_pence
    return out


@dataclass(frozen=True)
class Declared:
    application: int
    person: int
    course: int
    started_on: dt.date | None


def counted_starts(applications: Iterable[Declared]) -> frozenset[int]:
    """The applications whose start counts: the earliest start (then lowest id) per person and course."""
    best: dict[tuple[int, int], tuple[dt.date, int]] = {}
    for a in applications:
        if a.started_on is None:
            continue
        key = (a.person, a.course)
        if key not in best or (a.started_on, a.application) < best[key]:
            best[key] = (a.started_on, a.application)
    return frozenset(application for _, application in best.values())


def is_funded(funded_place: bool | None, eligible_for_funding: bool) -> bool:
    """Funded places decide from 2024; before the cap, eligibility for funding did."""
    return eligible_for_funding if funded_place is None else funded_place


@dataclass(frozen=True)
class Step:
    measure: Measure
    count: int
    drop: int | None  # people lost since the step before


def funnel(counts: dict[str, int]) -> list[Step]:
    steps = []
    previous: int | None = None
    for measure in FUNNEL:
        count = counts.get(measure.value, 0)
        steps.append(Step(measure, count, None if previous is None else previous - count))
        previous = count
    return steps


def months_left(as_of: dt.date, deadline: dt.date) -> int:
    """Calendar months from ``as_of``'s month to the deadline's month, both counted."""
    return max(0, (deadline.year - as_of.year) * 12 + deadline.month - as_of.month + 1)


@dataclass(frozen=True)
class Progress:
    starts: int
    target: int
    remaining: int
    months_left: int
    needed_per_month: int | None
    current_per_month: int | None
    projected: int | None
    projected_low: int | None
    projected_high: int | None
    on_track: bool | None


#: How many complete months the current run rate and the projection look back over.
RUN_RATE_MONTHS = 6

METHOD = (
    "The current run rate is the mean of monthly starts over the last 6 complete months before the "
    "date of the figures. The projection adds that rate for every month left to the deadline. Its range "
    "uses the lowest and the highest of those 6 months instead of the mean, so it shows how far the "
    "projection moves if recruitment looks like the slowest or the busiest recent month."
)


def _month_before(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def recent_months(as_of: dt.date, count: int = RUN_RATE_MONTHS) -> list[str]:
    month = _month_before(f"{as_of.year}-{as_of.month:02d}")
    out = []
    for _ in range(count):
        out.append(month)
        month = _month_before(month)
    return out


def progress(starts: int, target: int, as_of: dt.date, deadline: dt.date, monthly: dict[str, int]) -> Progress:
    remaining = max(0, target - starts)
    left = months_left(as_of, deadline)
    needed = math.ceil(remaining / left) if left else None
    window = [monthly.get(m, 0) for m in recent_months(as_of)]
    has_history = any(window)
    current = round(sum(window) / len(window)) if has_history else None
    projected = starts + round(sum(window) / len(window) * left) if has_history else None
    low = starts + min(window) * left if has_history else None
    high = starts + max(window) * left if has_history else None
    on_track = None if projected is None else projected >= target
    return Progress(starts, target, remaining, left, needed, current, projected, low, high, on_track)


def about(n: int) -> int:
    """A figure for a sentence: 6,699 becomes 6,700 (to 2 significant figures, half up)."""
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return int((Decimal(n) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def cumulative(monthly: dict[str, int]) -> list[tuple[str, int, int]]:
    """(month, starts that month, starts to date) in month order."""
    total = 0
    out = []
    for month in sorted(monthly):
        total += monthly[month]
        out.append((month, monthly[month], total))
    return out


def month_label(month: str) -> str:
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[int(month[5:7]) - 1]} {month[:4]}"
