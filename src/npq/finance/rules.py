"""Finance policy as pure functions: contract shares by course group, payment amounts, statement
states and statement totals. Money is integer pence; shares are rounded once, half up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class StatementState(StrEnum):
    OPEN = "open"
    PAYABLE = "payable"
    AUTHORISED = "authorised"
    PAID = "paid"


class StatementPeriod(StrEnum):
    CURRENT = "current"
    EARLIER = "earlier"
    LATER = "later"


def statement_periods(deadlines: Mapping[int, dt.date], today: dt.date) -> dict[int, StatementPeriod]:
    """One provider's statements for one cohort: the current one is the first whose deadline is
    today or later (declarations made now are paid on it); the rest are earlier or later."""
    upcoming = sorted((deadline, sid) for sid, deadline in deadlines.items() if deadline >= today)
    current = upcoming[0][1] if upcoming else None
    return {
        sid: StatementPeriod.CURRENT
        if sid == current
        else (StatementPeriod.EARLIER if deadline < today else StatementPeriod.LATER)
        for sid, deadline in deadlines.items()
    }


def statement_order(period: StatementPeriod, deadline: dt.date) -> tuple[int, int]:
    """Current first, then earlier statements newest first, then later ones soonest first."""
    rank = {StatementPeriod.CURRENT: 0, StatementPeriod.EARLIER: 1, StatementPeriod.LATER: 2}[period]
    return (rank, -deadline.toordinal() if period == StatementPeriod.EARLIER else deadline.toordinal())


# Open until its deadline; payable once advanced; authorised when approved; paid when marked paid
# on or after its payment date. No state is skipped, so nothing is paid without an approval.
STATEMENT_TRANSITIONS: dict[StatementState, frozenset[StatementState]] = {
    StatementState.OPEN: frozenset({StatementState.PAYABLE}),
    StatementState.PAYABLE: frozenset({StatementState.AUTHORISED}),
    StatementState.AUTHORISED: frozenset({StatementState.PAID}),
    StatementState.PAID: frozenset(),
}


class LineKind(StrEnum):
    OUTPUT = "output"
    SERVICE_FEE = "service-fee"
    REVERSAL = "reversal"
    CLAWBACK = "clawback"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class CourseGroupTerms:
    """The Department's fixed shares for a course group (dfe-service-rules §4.2)."""

    payment_periods: int
    service_fee_percent: int
    output_percent: int


GROUP_TERMS: dict[str, CourseGroupTerms] = {
    "leadership": CourseGroupTerms(payment_periods=4, service_fee_percent=40, output_percent=60),
    "specialist": CourseGroupTerms(payment_periods=3, service_fee_percent=40, output_percent=60),
    "ehco": CourseGroupTerms(payment_periods=4, service_fee_percent=0, output_percent=100),
    "support": CourseGroupTerms(payment_periods=4, service_fee_percent=0, output_percent=100),
}


def _round(exact: Decimal) -> int:
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def calculate_output_payment(per_participant: int, output_percent: int, payment_periods: int) -> int:
    """Pence paid for one declaration: the output share of the price split over the payment periods."""
    if output_percent == 0 or payment_periods <= 0:
        return 0
    return _round(Decimal(per_participant) * output_percent / Decimal(100 * payment_periods))


def calculate_monthly_service_fee(
    per_participant: int, recruitment_target: int, service_fee_percent: int, instalments: int
) -> int:
    """Pence paid each month of the service-fee instalments: the service share of the target's value."""
    if service_fee_percent == 0 or instalments <= 0:
        return 0
    exact = Decimal(per_participant) * recruitment_target * service_fee_percent / Decimal(100 * instalments)
    return _round(exact)


def can_advance(state: StatementState, target: StatementState) -> bool:
    return target in STATEMENT_TRANSITIONS[state]


def is_due_to_become_payable(state: StatementState, deadline: dt.date, today: dt.date) -> bool:
    """Open statements become payable the day after their deadline."""
    return state == StatementState.OPEN and today > deadline


def next_open_statement(statements: Iterable[tuple[int, str, dt.date]], today: dt.date) -> int | None:
    """The open statement (id, state, deadline) with the earliest deadline on or after today."""
    candidates = [
        (deadline, sid) for sid, state, deadline in statements if state == StatementState.OPEN and deadline >= today
    ]
    return min(candidates)[1] if candidates else None


@dataclass(frozen=True)
class Line:
    kind: str
    amount: int
    course: str = ""
    declaration_type: str = ""
    count: int = 1  # lines of the same kind, course and type may arrive summed, with how many they were


@dataclass(frozen=True)
class CourseTotals:
    course: str
    output: int
    service_fee: int
    clawbacks: int
    reversals: int
    declarations: dict[str, int]

    @property
    def total(self) -> int:
        return self.output + self.service_fee + self.clawbacks + self.reversals


@dataclass(frozen=True)
class StatementTotals:
    output: int
    service_fee: int
    clawbacks: int
    reversals: int
    adjustments: int
    courses: tuple[CourseTotals, ...]

    @property
    def total(self) -> int:
        return self.output + self.service_fee + self.clawbacks + self.reversals + self.adjustments


def calculate_statement_totals(lines: Iterable[Line]) -> StatementTotals:
    """Totals by kind and per course. Clawbacks and reversals are negative lines, so the total is
    always the plain sum of the lines."""
    by_kind: dict[str, int] = {k.value: 0 for k in LineKind}
    per_course: dict[str, dict[str, int]] = {}
    counts: dict[str, dict[str, int]] = {}
    for line in lines:
        if not isinstance(line.amount, int):
            raise TypeError(f"Line amounts are whole pence, not {line.amount!r}")
        by_kind[line.kind] += line.amount
        if line.kind == LineKind.ADJUSTMENT:
            continue
        course = per_course.setdefault(line.course, {k.value: 0 for k in LineKind})
        course[line.kind] += line.amount
        if line.declaration_type:
            step = {LineKind.OUTPUT: 1, LineKind.REVERSAL: -1, LineKind.CLAWBACK: -1}.get(LineKind(line.kind), 0)
            tally = counts.setdefault(line.course, {})
            tally[line.declaration_type] = tally.get(line.declaration_type, 0) + step * line.count
    courses = tuple(
        CourseTotals(
            course=name,
            output=v[LineKind.OUTPUT],
            service_fee=v[LineKind.SERVICE_FEE],
            clawbacks=v[LineKind.CLAWBACK],
            reversals=v[LineKind.REVERSAL],
            declarations=counts.get(name, {}),
        )
        for name, v in sorted(per_course.items())
    )
    return StatementTotals(
        output=by_kind[LineKind.OUTPUT],
        service_fee=by_kind[LineKind.SERVICE_FEE],
        clawbacks=by_kind[LineKind.CLAWBACK],
        reversals=by_kind[LineKind.REVERSAL],
        adjustments=by_kind[LineKind.ADJUSTMENT],
        courses=courses,
    )


def service_fee_instalment(statement_index: int, instalments: int) -> bool:
    """Whether the n-th statement (0-based, in payment order) of a contract carries a service-fee instalment."""
    return 0 <= statement_index < instalments


def deadline_for_month(year: int, month: int) -> dt.date:
    """Seed convention: the deadline is six days before the first of the statement month."""
    return dt.date(year, month, 1) - dt.timedelta(days=6)


def payment_date_for_month(year: int, month: int) -> dt.date:
    """The 25th of the statement month."""
    return dt.date(year, month, 25)


# Finance controls -------------------------------------------------------------------------------
# Separation of duties: a finance officer adjusts and prepares, a finance approver authorises and is
# never someone who adjusted the same statement; an adjustment above the per-adjustment limit needs
# a second, different approver. Each ``assess_*`` returns why a person is refused, or None.


@dataclass(frozen=True)
class Refusal:
    field: str
    message: str
    kind: str = "invalid"  # "forbidden" (wrong person), "conflict" (wrong state or already done), "invalid"


def approvals_needed(adjustment_amounts: Iterable[int], limit: int) -> int:
    """Two approvers when any adjustment on the statement is above the limit (either sign), else one."""
    return 2 if any(abs(amount) > limit for amount in adjustment_amounts) else 1


def assess_adjustment(
    *, is_officer: bool, state: StatementState, amount: int, reason: str, ceiling: int
) -> Refusal | None:
    if not is_officer:
        return Refusal("amount", "Only a finance officer can add an adjustment", "forbidden")
    if not reason.strip():
        return Refusal("reason", "Enter the reason for the adjustment")
    if amount == 0:
        return Refusal("amount", "Enter an amount other than zero")
    if abs(amount) > ceiling:
        pounds, pence = divmod(ceiling, 100)
        return Refusal("amount", f"Enter an amount no more than £{pounds:,}.{pence:02d} either way")
    if state != StatementState.OPEN:
        return Refusal("amount", f"The statement is {state.value}; adjustments go on open statements", "conflict")
    return None


def assess_authorisation(
    *,
    is_approver: bool,
    state: StatementState,
    approver: int,
    adjusters: frozenset[int],
    approvals: frozenset[int],
) -> Refusal | None:
    if not is_approver:
        return Refusal("confirm", "Only a finance approver can authorise a statement for payment", "forbidden")
    if state != StatementState.PAYABLE:
        return Refusal(
            "confirm", f"The statement is {state.value}; only payable statements can be authorised", "conflict"
        )
    if approver in adjusters:
        return Refusal("confirm", "You adjusted this statement, so another approver must authorise it", "forbidden")
    if approver in approvals:
        return Refusal(
            "confirm", "You have already approved this statement; a second approver must authorise it", "conflict"
        )
    return None


def is_authorised_after(approvals: int, needed: int) -> bool:
    """Whether a statement with ``approvals`` approvals (counting the new one) is authorised."""
    return approvals >= needed


def assess_marking_paid(
    *, is_finance: bool, state: StatementState, payment_date: dt.date, today: dt.date
) -> Refusal | None:
    if not is_finance:
        return Refusal("confirm", "Only a finance officer or approver can mark a statement paid", "forbidden")
    if state != StatementState.AUTHORISED:
        return Refusal(
            "confirm", f"The statement is {state.value}; only authorised statements can be marked paid", "conflict"
        )
    if today < payment_date:
        return Refusal(
            "confirm",
            f"The statement cannot be marked paid before its payment date, {payment_date:%-d %B %Y}",
            "conflict",
        )
    return None
