"""Inspection and quality rules: judgements, how they combine, when the next inspection is due,
who may read a provider's evidence, samples and observation coverage.

Pure: no Django, no clock, no I/O. The code sets are defined here once; model choices take their
plain-English labels from ``npq.core.labels``.
"""

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Programme(StrEnum):
    """Inspected alongside each other: an inspection, observation or self-evaluation names one."""

    NPQ = "npq"
    ECF = "ecf"


class Kind(StrEnum):
    MONITORING = "monitoring"
    FULL = "full"


class Area(StrEnum):
    """The judgement areas of a full inspection (overall effectiveness combines the other two)."""

    OVERALL = "overall"
    QUALITY = "quality"
    LEADERSHIP = "leadership"


KEY_AREAS = (Area.QUALITY, Area.LEADERSHIP)


class Grade(StrEnum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


RANK = {Grade.OUTSTANDING: 1, Grade.GOOD: 2, Grade.REQUIRES_IMPROVEMENT: 3, Grade.INADEQUATE: 4}


class Action(StrEnum):
    """A monitoring visit's one judgement: are leaders taking effective action?"""

    EFFECTIVE = "effective"
    NOT_EFFECTIVE = "not_effective"


class Stage(StrEnum):
    NOTIFIED = "notified"
    DRAFTED = "drafted"
    CHECKED = "checked"
    PUBLISHED = "published"


class Source(StrEnum):
    """Where a piece of evidence came from: the meetings and activities the handbook names."""

    DOCUMENTS = "documents"
    DATA = "data"
    LEADERS = "leaders"
    PARTNER_LEADERS = "partner_leaders"
    PARTNER_STAFF = "partner_staff"
    PARTICIPANTS = "participants"
    FACILITATORS = "facilitators"
    LIVE_SESSION = "live_session"
    RECORDED_SESSION = "recorded_session"


MEETINGS = (Source.LEADERS, Source.PARTNER_LEADERS, Source.PARTNER_STAFF, Source.PARTICIPANTS, Source.FACILITATORS)


class SampleKind(StrEnum):
    DELIVERY_PARTNER = "delivery_partner"
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    RECORDED_SESSION = "recorded_session"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class Rating(StrEnum):
    """An observer's view of one criterion of the observation template."""

    STRENGTH = "strength"
    SECURE = "secure"
    DEVELOP = "develop"


def overall_grade(quality: Grade, leadership: Grade) -> Grade:
    """Overall effectiveness is never better than either key judgement: the lower of the two."""
    return max(quality, leadership, key=RANK.__getitem__)


def grade_problems(grades: Mapping[Area, Grade]) -> list[str]:
    """What stops a full inspection's grades being complete and consistent (empty when fine)."""
    problems = [f"Grade {AREA_WORDS[area]}" for area in Area if area not in grades]
    if not problems and RANK[grades[Area.OVERALL]] < RANK[overall_grade(*(grades[a] for a in KEY_AREAS))]:
        problems.append("Overall effectiveness cannot be better than quality of training or leadership and management")
    return problems


AREA_WORDS = {
    Area.OVERALL: "overall effectiveness",
    Area.QUALITY: "the quality of professional development and training",
    Area.LEADERSHIP: "leadership and management",
}


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def end_of_next_academic_year(day: dt.date) -> dt.date:
    """31 August of the academic year after the one ``day`` falls in (years start 1 September)."""
    year_starting = day.year if day.month >= 9 else day.year - 1
    return dt.date(year_starting + 2, 8, 31)


def needs_early_return(kind: Kind, action: Action | None, overall: Grade | None) -> bool:
    """Ineffective action at a monitoring visit, or a full inspection below good, brings Ofsted back
    within a year."""
    if kind == Kind.MONITORING:
        return action == Action.NOT_EFFECTIVE
    return overall is not None and RANK[overall] > RANK[Grade.GOOD]


def next_inspection_due(kind: Kind, published_on: dt.date, action: Action | None, overall: Grade | None) -> dt.date:
    """The latest date of the next inspection: within 12 months after ineffective action or a
    grade below good, otherwise within the next two academic years."""
    if needs_early_return(kind, action, overall):
        return _add_year(published_on)
    return end_of_next_academic_year(published_on)


def access_open(notified_at: dt.datetime, published_at: dt.datetime | None, now: dt.datetime) -> bool:
    """An inspector reads a provider's evidence from notification until the report is published."""
    return notified_at <= now and (published_at is None or now < published_at)


def is_overdue(status: ActionStatus, due_on: dt.date, today: dt.date) -> bool:
    return status == ActionStatus.OPEN and due_on < today


def draw(strata: Mapping[str, Sequence[int]], per_stratum: int, seed: int) -> dict[str, list[int]]:
    """Up to ``per_stratum`` ids at random from each stratum; the same seed draws the same sample
    whatever order the ids or strata arrive in."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    return {
        name: sorted(rng.sample(sorted(strata[name]), min(per_stratum, len(strata[name])))) for name in sorted(strata)
    }


@dataclass(frozen=True)
class Term:
    name: str
    starts: dt.date
    ends: dt.date


def term_of(day: dt.date) -> Term:
    """The school term ``day`` falls in: autumn September–December, spring January–March,
    summer April–August (holidays belong to the term before them)."""
    if day.month >= 9:
        return Term(f"Autumn {day.year}", dt.date(day.year, 9, 1), dt.date(day.year, 12, 31))
    if day.month <= 3:
        return Term(f"Spring {day.year}", dt.date(day.year, 1, 1), dt.date(day.year, 3, 31))
    return Term(f"Summer {day.year}", dt.date(day.year, 4, 1), dt.date(day.year, 8, 31))


def coverage(observed_on: Mapping[int, Sequence[dt.date]], term: Term, per_term: int) -> tuple[set[int], set[int]]:
    """The facilitators observed at least ``per_term`` times in ``term``, and the rest."""
    done = {f for f, days in observed_on.items() if sum(term.starts <= d <= term.ends for d in days) >= per_term}
    return done, set(observed_on) - done
