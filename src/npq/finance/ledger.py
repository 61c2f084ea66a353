"""Appending lines to statements for declarations: output payments, reversals and clawbacks.

Called by the declaration services inside their transactions; never edits an existing line.
"""

import datetime as dt

from django.db import connection

from npq.core.errors import Conflict, InvalidTransition, ValidationFailed
from npq.declarations.models import Declaration
from npq.finance import rules
from npq.finance.models import Contract, Statement, StatementLine
from npq.finance.rules import LineKind, StatementState
from npq.reference.models import Cohort, Course, LeadProvider


def move_state(statement: Statement, target: StatementState, now: dt.datetime) -> None:
    """Move a locked statement along the transition table (``rules.STATEMENT_TRANSITIONS``) or refuse."""
    if not rules.can_advance(StatementState(statement.state), target):
        raise InvalidTransition(f"Statement {statement.ecf_id} cannot go from {statement.state} to {target}")
    statement.state = target
    statement.updated_at = now
    statement.save(update_fields=["state", "updated_at", "marked_as_paid_at", "authorised_by"])


def contract_for(lead_provider: LeadProvider, cohort: Cohort, course: Course) -> Contract | None:
    return contracts_for(lead_provider, {(cohort.pk, course.pk)}).get((cohort.pk, course.pk))


def contracts_for(lead_provider: LeadProvider, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], Contract]:
    """The provider's contracts for these (cohort id, course id) pairs, with their terms, in one query."""
    if not pairs:
        return {}
    rows = Contract.objects.select_related("terms").filter(
        lead_provider=lead_provider,
        cohort_id__in={c for c, _ in pairs},
        course_id__in={c for _, c in pairs},
    )
    return {(c.cohort_id, c.course_id): c for c in rows if (c.cohort_id, c.course_id) in pairs}


def next_open_statement(
    lead_provider: LeadProvider, cohort: Cohort, today: dt.date, lock: bool = False
) -> Statement | None:
    """The open statement with the earliest deadline on or after today (late declarations go on the next one)."""
    rows = Statement.objects.filter(lead_provider=lead_provider, cohort=cohort, state=StatementState.OPEN)
    chosen = rules.next_open_statement(rows.values_list("pk", "state", "deadline"), today)
    if chosen is None:
        return None
    query = Statement.objects.select_for_update() if lock else Statement.objects
    return query.get(pk=chosen)


def claim_open_statement(lead_provider: LeadProvider, cohort: Cohort, today: dt.date) -> Statement | None:
    """The statement a new output line goes on (as :func:`next_open_statement`), read in one query."""
    return claim_open_statements(lead_provider, {cohort.pk}, today).get(cohort.pk)


def claim_open_statements(lead_provider: LeadProvider, cohort_ids: set[int], today: dt.date) -> dict[int, Statement]:
    """For each cohort, the statement new output lines go on (as :func:`next_open_statement`), in one query.

    On PostgreSQL the open candidates are share-locked until the transaction ends: declarations
    being recorded at the same time do not wait for each other, but a statement cannot become
    payable (``advance_statements`` locks it for update) while a line is being added to it, and
    one that did while we waited is no longer selected. SQLite runs one writer at a time."""
    if not cohort_ids:
        return {}
    ids = sorted(cohort_ids)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        "SELECT * FROM finance_statement WHERE lead_provider_id = %s "  # noqa: S608 - placeholders only
        f"AND cohort_id IN ({marks}) AND state = %s AND deadline >= %s ORDER BY id"
    )
    if connection.vendor == "postgresql":
        sql += " FOR SHARE"
    by_cohort: dict[int, dict[int, Statement]] = {}
    for s in Statement.objects.raw(sql, [lead_provider.pk, *ids, StatementState.OPEN, today]):
        by_cohort.setdefault(s.cohort_id, {})[s.pk] = s
    chosen: dict[int, Statement] = {}
    for cohort_id, rows in by_cohort.items():
        pk = rules.next_open_statement(((s.pk, s.state, s.deadline) for s in rows.values()), today)
        if pk is not None:
            chosen[cohort_id] = rows[pk]
    return chosen


def add_output_line(
    declaration: Declaration, statement: Statement, contract: Contract, now: dt.datetime, *, claimed: bool = False
) -> StatementLine:
    """``claimed``: the statement came from :func:`claim_open_statement` in this transaction."""
    line = _output_line(declaration, statement, contract, now)
    line.save(statement_claimed=claimed)
    return line


def add_output_lines(payments: list[tuple[Declaration, Statement, Contract]], now: dt.datetime) -> list[StatementLine]:
    """One output line per (declaration, statement, contract), in one insert. Each statement must come from
    :func:`claim_open_statements` in this transaction (share-locked, so its state in memory is current)."""
    lines = [_output_line(d, s, c, now) for d, s, c in payments]
    for line in lines:
        line.check_statement_open(statement_claimed=True)
    return StatementLine.objects.bulk_create(lines)


def _output_line(declaration: Declaration, statement: Statement, contract: Contract, now: dt.datetime) -> StatementLine:
    return StatementLine(
        statement=statement,
        kind=LineKind.OUTPUT,
        amount=contract.terms.output_payment,
        course_id=declaration.course_id,
        declaration=declaration,
        declaration_type=declaration.declaration_type,
        terms=contract.terms,
        created_at=now,
    )


def current_output_line(declaration: Declaration) -> StatementLine | None:
    """The output line of this declaration that has not been reversed or clawed back."""
    return (
        StatementLine.objects.select_related("statement")
        .filter(declaration=declaration, kind=LineKind.OUTPUT, reversed_by__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


def take_back(declaration: Declaration, today: dt.date, now: dt.datetime, reason: str) -> StatementLine | None:
    """Undo a declaration's payment: a reversal on the same statement while it is open, otherwise
    a clawback of exactly the amount on the provider's next open statement."""
    line = current_output_line(declaration)
    if line is None:
        return None
    if line.statement.state == StatementState.OPEN:
        kind, statement = LineKind.REVERSAL, line.statement
    else:
        found = next_open_statement(declaration.lead_provider, declaration.cohort, today)
        if found is None:
            raise ValidationFailed(
                f"There is no open statement for {declaration.lead_provider} in cohort "
                f"{declaration.cohort.identifier} to claw back declaration {declaration.ecf_id}",
                field="base",
            )
        kind, statement = LineKind.CLAWBACK, found
    return StatementLine.objects.create(
        statement=statement,
        kind=kind,
        amount=-line.amount,
        course_id=line.course_id,
        declaration=declaration,
        declaration_type=line.declaration_type,
        terms=line.terms,
        reverses=line,
        reason=reason,
        created_at=now,
    )


def move_output_line(declaration: Declaration, to: Statement, now: dt.datetime, reason: str) -> StatementLine:
    """Reverse the output line on its (open) statement and add it again on another open statement."""
    line = current_output_line(declaration)
    if line is None:
        raise ValidationFailed(f"Declaration {declaration.ecf_id} is not on any statement", field="statement")
    if line.statement_id == to.pk:
        raise ValidationFailed(f"Declaration {declaration.ecf_id} is already on that statement", field="statement")
    if line.statement.state != StatementState.OPEN or to.state != StatementState.OPEN:
        raise Conflict("Only declarations on open statements can move, and only to another open statement")
    if (to.lead_provider_id, to.cohort_id) != (line.statement.lead_provider_id, line.statement.cohort_id):
        raise ValidationFailed("A declaration can only move between statements of the same provider and cohort")
    StatementLine.objects.create(
        statement=line.statement,
        kind=LineKind.REVERSAL,
        amount=-line.amount,
        course_id=line.course_id,
        declaration=declaration,
        declaration_type=line.declaration_type,
        terms=line.terms,
        reverses=line,
        reason=reason,
        created_at=now,
    )
    return StatementLine.objects.create(
        statement=to,
        kind=LineKind.OUTPUT,
        amount=line.amount,
        course_id=line.course_id,
        declaration=declaration,
        declaration_type=line.declaration_type,
        terms=line.terms,
        reason=reason,
        created_at=now,
    )
