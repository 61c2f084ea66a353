"""Declaration policy as pure functions: states, milestone order, and the checks on a new declaration.

No Django, no clock, no I/O: callers pass in plain values (dates, identifiers, what already exists).
Each check returns problems as ``(field, message)`` pairs so the API and pages can show them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from npq.reference.rules import DeclarationType as DeclarationType  # defined in reference, named here too

ORDER: tuple[DeclarationType, ...] = (
    DeclarationType.STARTED,
    DeclarationType.RETAINED_1,
    DeclarationType.RETAINED_2,
    DeclarationType.COMPLETED,
)


class State(StrEnum):
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    PAYABLE = "payable"
    PAID = "paid"
    VOIDED = "voided"
    INELIGIBLE = "ineligible"
    AWAITING_CLAWBACK = "awaiting-clawback"
    CLAWED_BACK = "clawed-back"


# The whole state machine: a service asks this table and nothing else changes a state.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.SUBMITTED: frozenset({State.ELIGIBLE, State.INELIGIBLE, State.VOIDED}),
    State.ELIGIBLE: frozenset({State.PAYABLE, State.VOIDED}),
    State.PAYABLE: frozenset({State.PAID, State.ELIGIBLE, State.VOIDED}),
    State.PAID: frozenset({State.AWAITING_CLAWBACK}),
    State.AWAITING_CLAWBACK: frozenset({State.CLAWED_BACK}),
    State.CLAWED_BACK: frozenset(),
    State.VOIDED: frozenset(),
    State.INELIGIBLE: frozenset({State.VOIDED}),
}

# States in which a declaration still counts: at most one per application and type (the partial unique index).
LIVE = frozenset({State.SUBMITTED, State.ELIGIBLE, State.PAYABLE, State.PAID})
BILLABLE = frozenset({State.ELIGIBLE, State.PAYABLE, State.PAID})
VOIDABLE = frozenset({State.SUBMITTED, State.ELIGIBLE, State.PAYABLE, State.INELIGIBLE, State.PAID})


def can_transition(current: State, target: State) -> bool:
    return target in TRANSITIONS[current]


def void_target(current: State) -> State | None:
    """Voiding a paid declaration starts a clawback; anything unpaid is simply voided."""
    if current == State.PAID:
        return State.AWAITING_CLAWBACK
    if can_transition(current, State.VOIDED):
        return State.VOIDED
    return None


@dataclass(frozen=True)
class Existing:
    """A live declaration already on the application."""

    declaration_type: str
    declaration_date: dt.date


@dataclass(frozen=True)
class DeclarationRequest:
    declaration_type: str
    declaration_date: dt.date
    today: dt.date
    course_group: str
    cohort_start_year: int
    schedule_applies_from: dt.date | None
    allowed_types: tuple[str, ...]
    has_passed: bool | None = None
    withdrawn_on: dt.date | None = None
    existing: tuple[Existing, ...] = ()
    milestone_starts: dict[str, dt.date] = field(default_factory=dict)
    in_england: bool = True
    delivery_partner_id: str | None = None
    secondary_delivery_partner_id: str | None = None
    partners_in_partnership: frozenset[str] = frozenset()
    partner_ids_known: frozenset[str] = frozenset()


Problem = tuple[str, str]

OUTCOME_COURSE_GROUPS = frozenset({"leadership", "specialist"})
PARTNER_REQUIRED_FROM = 2024


def required_before(declaration_type: str, allowed_types: tuple[str, ...]) -> tuple[str, ...]:
    """The types of this schedule that must already be declared, in order, before ``declaration_type``."""
    position = ORDER.index(DeclarationType(declaration_type))
    return tuple(t.value for t in ORDER[:position] if t.value in allowed_types)


def assess_milestones(request: DeclarationRequest) -> list[Problem]:
    """Our addition to the Department's rules: milestones in order, each on or after the one before it,
    inside the milestone's window where the schedule defines one."""
    problems: list[Problem] = []
    have = {e.declaration_type: e.declaration_date for e in request.existing}
    missing = [t for t in required_before(request.declaration_type, request.allowed_types) if t not in have]
    if missing:
        problems.append(
            ("declaration_type", f"A {request.declaration_type} declaration needs a {missing[0]} declaration first")
        )
    earlier = [(t, have[t]) for t in required_before(request.declaration_type, request.allowed_types) if t in have]
    for t, when in earlier:
        if request.declaration_date < when:
            problems.append(
                ("declaration_date", f"The declaration date must be on or after the {t} declaration date ({when})")
            )
            break
    opens = request.milestone_starts.get(request.declaration_type)
    if opens is not None and request.declaration_date < opens:
        problems.append(
            ("declaration_date", f"The {request.declaration_type} milestone opens on {opens}; declare on or after it")
        )
    return problems


def assess_delivery_partners(
    cohort_start_year: int,
    in_england: bool,
    primary: str | None,
    secondary: str | None,
    known: frozenset[str],
    in_partnership: frozenset[str],
) -> list[Problem]:
    problems: list[Problem] = []
    for name, value in (("delivery_partner_id", primary), ("secondary_delivery_partner_id", secondary)):
        if value and value not in known:
            problems.append((name, f"The delivery partner {value} does not exist"))
    if not in_england:
        if primary or secondary:
            problems.append(("delivery_partner_id", "Leave delivery partners blank for participants outside England"))
        return problems
    if secondary and not primary:
        problems.append(("secondary_delivery_partner_id", "A secondary delivery partner needs a delivery partner"))
    if cohort_start_year >= PARTNER_REQUIRED_FROM and not primary:
        problems.append(("delivery_partner_id", "Enter a delivery partner for cohorts from 2024"))
    if primary and secondary and primary == secondary:
        problems.append(("secondary_delivery_partner_id", "The secondary delivery partner must be a different one"))
    for name, value in (("delivery_partner_id", primary), ("secondary_delivery_partner_id", secondary)):
        if value and value in known and value not in in_partnership:
            problems.append((name, f"The delivery partner {value} does not work with you in this cohort"))
    return problems


def assess_declaration(request: DeclarationRequest) -> list[Problem]:
    """Every rule a new declaration must pass, in the order a provider would fix them."""
    problems: list[Problem] = []
    if request.declaration_type not in {t.value for t in ORDER}:
        return [("declaration_type", f"The declaration type {request.declaration_type} does not exist")]
    if request.schedule_applies_from is None:
        return [("participant_id", "The participant has no schedule; accept the application first")]
    if request.declaration_type not in request.allowed_types:
        problems.append(("declaration_type", f"The schedule does not allow {request.declaration_type} declarations"))
    if request.declaration_date > request.today:
        problems.append(("declaration_date", "The declaration date cannot be in the future"))
    if request.declaration_date < request.schedule_applies_from:
        problems.append(
            (
                "declaration_date",
                f"The declaration date cannot be before the schedule starts ({request.schedule_applies_from})",
            )
        )
    if request.withdrawn_on is not None and request.declaration_date > request.withdrawn_on:
        problems.append(
            ("declaration_date", f"The participant withdrew on {request.withdrawn_on}; declare on or before that date")
        )
    if request.declaration_type == DeclarationType.COMPLETED and request.course_group in OUTCOME_COURSE_GROUPS:
        if request.has_passed is None:
            problems.append(("has_passed", "Enter has_passed (true or false) for a completed declaration"))
    elif request.has_passed is not None:
        problems.append(("has_passed", "Leave has_passed blank: it is only for completed declarations on NPQs"))
    if any(e.declaration_type == request.declaration_type for e in request.existing):
        problems.append(
            ("base", f"A {request.declaration_type} declaration has already been submitted for this course")
        )
    else:
        problems += assess_milestones(request)
    problems += assess_delivery_partners(
        request.cohort_start_year,
        request.in_england,
        request.delivery_partner_id,
        request.secondary_delivery_partner_id,
        request.partner_ids_known,
        request.partners_in_partnership,
    )
    return problems


def initial_state(fundable: bool, duplicate_elsewhere: bool) -> State:
    """Duplicates across merged identities are ineligible; fundable ones are eligible for payment."""
    if duplicate_elsewhere:
        return State.INELIGIBLE
    return State.ELIGIBLE if fundable else State.SUBMITTED


def is_fundable(cohort_funding: str, eligible_for_funding: bool, funded_place: bool | None) -> bool:
    """Funded cohorts pay eligible participants; capped cohorts only those the provider gave a funded place."""
    if cohort_funding == "zero" or not eligible_for_funding:
        return False
    if cohort_funding == "capped":
        return bool(funded_place)
    return True
