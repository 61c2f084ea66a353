"""Finance policy as pure functions: contract shares by course group, payment amounts, statement
states and statement totals. Money is integer pence; shares are rounded once, half up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class StatementState(StrEnum):
    OPEN = "open"
    PAYABLE = "payable"
    PAID = "paid"


STATEMENT_TRANSITIONS: dict[StatementState, frozenset[StatementState]] = {
    StatementState.OPEN: frozenset({StatementState.PAYABLE}),
    StatementState.PAYABLE: frozenset({StatementState.PAID}),
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
