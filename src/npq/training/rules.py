"""Training policy as pure functions: acceptance, funded places, schedule assignment, and the
training-status machine (defer, resume, withdraw, change schedule).

No Django, no clock, no I/O. Each check returns ``None`` or a (field, message) problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from npq.reference.rules import CohortFunding
from npq.registration.rules.statuses import TrainingStatus

Problem = tuple[str, str]

# Defined once, below training: the names training's rules have always used.
Status = TrainingStatus
Funding = CohortFunding


class Action(StrEnum):
    DEFER = "defer"
    RESUME = "resume"
    WITHDRAW = "withdraw"


DEFER_REASONS = ("bereavement", "long-term-sickness", "parental-leave", "career-break", "other")
WITHDRAW_REASONS = (
    "insufficient-capacity-to-undertake-programme",
    "personal-reason-health-or-pregnancy-related",
    "personal-reason-moving-school",
    "personal-reason-other",
    "insufficient-capacity",
    "change-in-developmental-or-personal-priorities",
    "change-in-school-circumstances",
    "change-in-school-leadership",
    "quality-of-programme-structure-not-suitable.",
    "quality-of-programme-content-not-suitable",
    "quality-of-programme-facilitation-not-effective",
    "quality-of-programme-accessibility",
    "quality-of-programme-other",
    "programme-not-appropriate-for-role-and-cpd-needs",
    "started-in-error",
    "expected-commitment-unclear",
    "assessment-requirements-not-met",
    "change-in-career",
    "disengaged-and-unresponsive",
    "non-payment-of-invoice",
    "other",
)

# The training-status machine: (action, from) -> to. Anything missing is refused.
# Deliberate decision: a withdrawn participant can NOT be resumed (the Department's code allows it;
# a withdrawal ends payments and a provider who withdrew in error asks DfE support to reverse it).
TRANSITIONS: dict[tuple[Action, Status], Status] = {
    (Action.DEFER, Status.ACTIVE): Status.DEFERRED,
    (Action.RESUME, Status.DEFERRED): Status.ACTIVE,
    (Action.WITHDRAW, Status.ACTIVE): Status.WITHDRAWN,
    (Action.WITHDRAW, Status.DEFERRED): Status.WITHDRAWN,
}

# Same family: an application for one of these blocks accepting the other in the same cohort.
COURSE_FAMILIES = ({"npq-additional-support-offer", "npq-early-headship-coaching-offer"},)


def same_family(a: str, b: str) -> bool:
    return a == b or any(a in f and b in f for f in COURSE_FAMILIES)


def accept_problem(status: str, other_accepted: bool) -> Problem | None:
    if status == "accepted":
        return ("base", "This NPQ application has already been accepted")
    if status == "rejected":
        return ("base", "Once rejected an application cannot change state")
    if other_accepted:
        return ("base", "The participant already has an accepted application for this course in this cohort")
    return None


def funded_place_problem(funding: Funding, funded_place: bool | None, eligible: bool) -> Problem | None:
    """The funded place given on acceptance, by the cohort's funding mode."""
    if funding is Funding.FULL:
        if funded_place is not None:
            return ("funded_place", "Leave '#/funded_place' blank: it is only for cohorts from autumn 2024")
        return None
    if funded_place is None:
        return ("funded_place", "Set '#/funded_place' to true or false")
    if funding is Funding.ZERO and funded_place:
        return ("funded_place", "This cohort has no funded places, so '#/funded_place' must be false")
    if funded_place and not eligible:
        return ("funded_place", "The participant is not eligible for funding, so '#/funded_place' cannot be true")
    return None


def change_funded_place_problem(
    status: str, funding: Funding, funded_place: bool, eligible: bool, has_live_declarations: bool
) -> Problem | None:
    if status != "accepted":
        return ("base", "The application must be accepted before its funded place can change")
    if funding is not Funding.CAPPED:
        return ("funded_place", "Funded places can only change in cohorts with capped funding")
    if funded_place and not eligible:
        return ("funded_place", "The participant is not eligible for funding, so '#/funded_place' cannot be true")
    if has_live_declarations:
        return (
            "funded_place",
            "Declarations exist for this application: void them, change the funded place, then resubmit",
        )
    return None


def reject_problem(status: str, has_live_declarations: bool) -> Problem | None:
    if status == "rejected":
        return ("base", "This NPQ application has already been rejected")
    if has_live_declarations:
        return ("base", "The application has declarations that will be or have been paid, so it cannot be rejected")
    return None


def transition_problem(action: Action, current: Status, declaration_types: frozenset[str]) -> Problem | None:
    """Whether ``action`` may happen from ``current``, given the live declaration types."""
    if (action, current) not in TRANSITIONS:
        if action is Action.RESUME and current is Status.WITHDRAWN:
            return ("base", "A withdrawn participant cannot be resumed; contact DfE support if it was in error")
        return (
            "base",
            f"The participant is already {current.value}"
            if _same(action, current)
            else f"A {current.value} participant cannot be {_past(action)}",
        )
    if action is Action.DEFER and not declaration_types:
        return ("base", "You cannot defer a participant without any declarations")
    if action is Action.WITHDRAW and "started" not in declaration_types:
        return ("base", "You cannot withdraw a participant without a started declaration")
    return None


def _same(action: Action, current: Status) -> bool:
    return TRANSITIONS.get((action, Status.ACTIVE)) is current or (action is Action.RESUME and current is Status.ACTIVE)


def _past(action: Action) -> str:
    return {"defer": "deferred", "resume": "resumed", "withdraw": "withdrawn"}[action.value]


def auto_schedule(group: str, start_year: int, suffix: str, on: dt.date, available: frozenset[str]) -> str | None:
    """The schedule to give an application accepted ``on`` (None when none fits)."""
    fallback = None
    if group in ("leadership", "specialist"):
        season = _season(start_year, suffix, on)
        chosen = f"npq-{group}-{season}"
        fallback = f"npq-{group}-spring"
    elif group == "ehco":
        ehco = sorted(s for s in available if s.startswith("npq-ehco-"))
        if (start_year, suffix) == (2026, "a") or start_year < 2022:
            return ehco[0] if len(ehco) == 1 else (ehco[0] if ehco else None)
        chosen = "npq-ehco-" + _ehco_month(start_year, on)
        fallback = "npq-ehco-june"
    elif group == "support":
        chosen = "npq-aso-december"
    else:
        return None
    if chosen in available:
        return chosen
    return fallback if fallback in available else None


def _season(year: int, suffix: str, on: dt.date) -> str:
    if year == 2026:
        return "spring" if suffix == "a" else "autumn"
    if year == 2025 and dt.date(2025, 8, 1) <= on <= dt.date(2026, 4, 30):
        return "autumn"
    if year in (2024, 2025) and dt.date(2024, 6, 28) <= on <= dt.date(2025, 6, 6):
        return "spring" if year == 2025 else "autumn"
    if on <= dt.date(on.year, 4, 2) or on >= dt.date(on.year, 12, 26):
        return "spring"
    return "autumn"


def _ehco_month(year: int, on: dt.date) -> str:
    if dt.date(year, 9, 1) <= on <= dt.date(year, 11, 30):
        return "november"
    if dt.date(year, 12, 1) <= on <= dt.date(year + 1, 2, 28 if (year + 1) % 4 else 29):
        return "december"
    if dt.date(year + 1, 3, 1) <= on <= dt.date(year + 1, 5, 31):
        return "march"
    return "june"


@dataclass(frozen=True)
class ScheduleChange:
    status: Status
    current_schedule: str | None
    new_schedule: str
    new_group: str
    course_group: str
    cohort_changes: bool
    from_funding: Funding
    to_funding: Funding
    new_applies_from: dt.date
    new_allowed_types: frozenset[str]
    live_declarations: tuple[tuple[str, dt.date], ...]  # (type, declaration date)
    has_contract: bool = True  # the provider has a contract for the course in the new schedule's cohort


def change_schedule_problems(c: ScheduleChange) -> list[Problem]:
    """Every reason a change of schedule (and perhaps cohort) is refused (DfE rules §3.6).

    The caller has already found the schedule by identifier in the requested cohort year, so it
    belongs to that cohort; here: the participant is not withdrawn, the schedule is for the
    course's group and differs from the current one, the provider has a contract for the course
    in the new cohort, the cohort does not change once declarations count, funding never moves
    from capped to full or from none to some, and every declaration that counts is of a type the
    new schedule allows and dated on or after it starts."""
    problems: list[Problem] = []
    if c.status is Status.WITHDRAWN:
        problems.append(("base", "A withdrawn participant cannot change schedule"))
    if c.new_group != c.course_group:
        problems.append(("schedule_identifier", "The schedule is not for this course"))
    if c.new_schedule == c.current_schedule and not c.cohort_changes:
        problems.append(("schedule_identifier", "The participant is already on this schedule"))
    if not c.has_contract:
        problems.append(("cohort", "You do not have a contract for this course in the new schedule's cohort"))
    if c.cohort_changes and c.live_declarations:
        problems.append(("cohort", "The cohort cannot change once declarations have been made"))
    if c.cohort_changes and c.from_funding is Funding.CAPPED and c.to_funding is Funding.FULL:
        problems.append(("cohort", "A participant cannot move from a capped cohort to a fully funded one"))
    if c.cohort_changes and c.from_funding is Funding.ZERO and c.to_funding is not Funding.ZERO:
        problems.append(("cohort", "A participant cannot move from an unfunded cohort to a funded one"))
    for kind, when in c.live_declarations:
        if kind not in c.new_allowed_types:
            problems.append(("schedule_identifier", f"The new schedule does not allow the existing {kind} declaration"))
        if when < c.new_applies_from:
            problems.append(
                ("schedule_identifier", f"The existing {kind} declaration is dated before the new schedule starts")
            )
    return problems
