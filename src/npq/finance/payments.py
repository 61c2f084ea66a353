"""The finance controls' use cases: adjust a statement, reverse an adjustment, authorise a statement
for payment and mark it paid. Who may do each, and when, is decided by ``rules.assess_*``."""

import datetime as dt

from django.conf import settings
from django.db import transaction

from npq.core import audit, clock
from npq.core.errors import Conflict, NPQError, PermissionDenied, ValidationFailed
from npq.core.roles import Role
from npq.declarations import rules as declaration_rules
from npq.declarations.models import Declaration
from npq.declarations.states import bulk_change_state
from npq.finance import ledger, rules
from npq.finance.models import Statement, StatementApproval, StatementLine
from npq.finance.rules import LineKind, Refusal, StatementState
from npq.people.models import User

FINANCE_ROLES = (Role.FINANCE_OFFICER, Role.FINANCE_APPROVER)


def _refuse(refusal: Refusal | None) -> None:
    if refusal is None:
        return
    kinds: dict[str, type[NPQError]] = {"forbidden": PermissionDenied, "conflict": Conflict}
    raise kinds.get(refusal.kind, ValidationFailed)(refusal.message, field=refusal.field)


def limit() -> int:
    return int(settings.NPQ_ADJUSTMENT_LIMIT_PENCE)


def ceiling() -> int:
    return int(settings.NPQ_ADJUSTMENT_CEILING_PENCE)


def _locked(statement: Statement) -> Statement:
    return Statement.objects.select_for_update().get(pk=statement.pk)


def add_adjustment(user: User, statement: Statement, amount: int, reason: str) -> StatementLine:
    """A finance officer adds an amount (either sign, within the ceiling) with a reason to an open statement."""
    reason = reason.strip()
    with transaction.atomic():
        statement = _locked(statement)
        _refuse(
            rules.assess_adjustment(
                is_officer=user.role == Role.FINANCE_OFFICER,
                state=StatementState(statement.state),
                amount=amount,
                reason=reason,
                ceiling=ceiling(),
            )
        )
        line = StatementLine(
            statement=statement,
            kind=LineKind.ADJUSTMENT,
            amount=amount,
            reason=reason,
            created_by=user,
            created_at=clock.now(),
        )
        line.save(statement_claimed=True)
        over = abs(amount) > limit()
        audit.record(
            audit.Actor.person(user),
            "statement.adjusted",
            statement,
            after={"line": line.pk, "amount": amount, "reason": reason, "over_limit": over},
        )
    return line


def reverse_adjustment(user: User, line: StatementLine, reason: str) -> StatementLine:
    """Undo an adjustment by adding the opposite amount on the same (still open) statement; the
    original line stays, so the history shows both."""
    if line.kind != LineKind.ADJUSTMENT or line.reverses_id is not None:
        raise ValidationFailed(f"Statement line {line.pk} is not an adjustment that can be reversed", field="line")
    if StatementLine.objects.filter(reverses=line).exists():
        raise Conflict(f"Adjustment {line.pk} has already been reversed", field="line")
    reason = reason.strip() or f"Reverses the adjustment: {line.reason}"
    with transaction.atomic():
        statement = _locked(line.statement)
        _refuse(
            rules.assess_adjustment(
                is_officer=user.role == Role.FINANCE_OFFICER,
                state=StatementState(statement.state),
                amount=-line.amount,
                reason=reason,
                ceiling=max(ceiling(), abs(line.amount)),
            )
        )
        opposite = StatementLine(
            statement=statement,
            kind=LineKind.ADJUSTMENT,
            amount=-line.amount,
            reason=reason[:300],
            reverses=line,
            created_by=user,
            created_at=clock.now(),
        )
        opposite.save(statement_claimed=True)
        audit.record(
            audit.Actor.person(user),
            "statement.adjustment_reversed",
            statement,
            before={"line": line.pk, "amount": line.amount},
            after={"line": opposite.pk, "amount": opposite.amount, "reason": opposite.reason},
        )
    return opposite


def adjusters(statement: Statement) -> frozenset[int]:
    ids = statement.lines.filter(kind=LineKind.ADJUSTMENT, created_by__isnull=False).values_list(
        "created_by_id", flat=True
    )
    return frozenset(ids)


def approvals_needed(statement: Statement) -> int:
    amounts = statement.lines.filter(kind=LineKind.ADJUSTMENT).values_list("amount", flat=True)
    return rules.approvals_needed(amounts, limit())


def authorise_payment(user: User, statement: Statement) -> Statement:
    """A finance approver approves a payable statement; with enough approvals (two when an adjustment
    is above the limit) it is authorised for payment. The person who adjusted it may not approve it."""
    now = clock.now()
    with transaction.atomic():
        statement = _locked(statement)
        approvals = frozenset(statement.approvals.values_list("approver_id", flat=True))
        _refuse(
            rules.assess_authorisation(
                is_approver=user.role == Role.FINANCE_APPROVER,
                state=StatementState(statement.state),
                approver=user.pk,
                adjusters=adjusters(statement),
                approvals=approvals,
            )
        )
        StatementApproval.objects.create(statement=statement, approver=user, approved_at=now)
        needed = approvals_needed(statement)
        actor = audit.Actor.person(user)
        if not rules.is_authorised_after(len(approvals) + 1, needed):
            audit.record(
                actor, "statement.approved", statement, after={"approvals": len(approvals) + 1, "needed": needed}
            )
            return statement
        statement.authorised_by = user
        ledger.move_state(statement, StatementState.AUTHORISED, now)
        audit.record(
            actor,
            "statement.authorised",
            statement,
            before={"state": "payable"},
            after={"state": "authorised", "approvals": len(approvals) + 1},
        )
    return statement


def _declarations_on(statement: Statement, kind: LineKind):  # type: ignore[no-untyped-def]
    return Declaration.objects.filter(statement_lines__statement=statement, statement_lines__kind=kind)


def mark_paid(user: User, statement: Statement, today: dt.date | None = None) -> Statement:
    """An authorised statement is marked paid on or after its payment date: its declarations become
    paid and its clawbacks complete."""
    today = today or clock.today()
    now = clock.now()
    with transaction.atomic():
        statement = _locked(statement)
        _refuse(
            rules.assess_marking_paid(
                is_finance=user.role in FINANCE_ROLES,
                state=StatementState(statement.state),
                payment_date=statement.payment_date,
                today=today,
            )
        )
        statement.marked_as_paid_at = now
        ledger.move_state(statement, StatementState.PAID, now)
        reason = f"statement {statement.ecf_id} paid"
        paid = bulk_change_state(
            _declarations_on(statement, LineKind.OUTPUT),
            declaration_rules.State.PAYABLE,
            declaration_rules.State.PAID,
            reason,
            now,
        )
        clawed = bulk_change_state(
            _declarations_on(statement, LineKind.CLAWBACK),
            declaration_rules.State.AWAITING_CLAWBACK,
            declaration_rules.State.CLAWED_BACK,
            reason,
            now,
        )
        audit.record(
            audit.Actor.person(user),
            "statement.paid",
            statement,
            before={"state": "authorised"},
            after={"state": "paid", "declarations_paid": paid, "clawed_back": clawed},
        )
    return statement
