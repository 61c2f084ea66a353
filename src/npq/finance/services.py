"""Finance use cases: contracts, statements, advancing statements and moving declarations.

Adjusting, authorising and marking paid (the finance controls) are in ``payments``."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q, Sum

from npq.core import audit, clock
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.core.roles import Role
from npq.declarations import rules as declaration_rules
from npq.declarations.models import Declaration
from npq.declarations.states import bulk_change_state
from npq.finance import ledger, rules
from npq.finance.models import Contract, ContractTerms, Statement, StatementLine
from npq.finance.rules import LineKind, StatementState
from npq.people.models import User
from npq.reference.models import Cohort, Course, LeadProvider
from npq.webhooks import services as webhooks
from npq.webhooks.rules import EventType


def create_contract(
    actor: audit.Actor,
    lead_provider: LeadProvider,
    cohort: Cohort,
    course: Course,
    per_participant: int,
    recruitment_target: int,
    service_fee_instalments: int,
) -> Contract:
    """A contract with the course group's fixed shares (leadership 4 × 15%, specialist 3 × 20%, EHCO 4 × 25%)."""
    group = rules.GROUP_TERMS[course.group]
    with transaction.atomic():
        terms = ContractTerms.objects.create(
            per_participant=per_participant,
            recruitment_target=recruitment_target,
            output_percent=group.output_percent,
            service_fee_percent=group.service_fee_percent,
            payment_periods=group.payment_periods,
            service_fee_instalments=service_fee_instalments,
            created_at=clock.now(),
        )
        contract = Contract.objects.create(lead_provider=lead_provider, cohort=cohort, course=course, terms=terms)
        audit.record(actor, "contract.created", contract, after=audit.snapshot(terms))
    return contract


def change_price(actor: audit.Actor, contract: Contract, per_participant: int) -> Contract:
    """A price change makes new terms; lines already on open statements keep the price they were made at."""
    with transaction.atomic():
        contract = Contract.objects.select_for_update().select_related("terms").get(pk=contract.pk)
        old = contract.terms
        terms = ContractTerms.objects.create(
            per_participant=per_participant,
            recruitment_target=old.recruitment_target,
            output_percent=old.output_percent,
            service_fee_percent=old.service_fee_percent,
            payment_periods=old.payment_periods,
            service_fee_instalments=old.service_fee_instalments,
            created_at=clock.now(),
        )
        contract.terms = terms
        contract.save(update_fields=["terms"])
        audit.record(
            actor,
            "contract.price_changed",
            contract,
            before={"terms": old.pk, "per_participant": old.per_participant},
            after={"terms": terms.pk, "per_participant": per_participant},
        )
    return contract


def create_statement(
    actor: audit.Actor, lead_provider: LeadProvider, cohort: Cohort, year: int, month: int
) -> Statement:
    """A month's statement, carrying the next service-fee instalment of each of the provider's contracts."""
    return create_statements(actor, lead_provider, cohort, [(year, month)])[0]


def create_statements(
    actor: audit.Actor, lead_provider: LeadProvider, cohort: Cohort, months: list[tuple[int, int]]
) -> list[Statement]:
    """``create_statement`` for several (year, month)s at once, in the order given: a month that has a
    statement keeps it; each new one carries the next service-fee instalment of each of the provider's
    contracts for the cohort. One transaction, a few queries whatever the number of months, and one
    ``statement.created`` event per new statement."""
    now = clock.now()
    with transaction.atomic():
        existing = {
            (s.year, s.month): s
            for s in Statement.objects.filter(lead_provider=lead_provider, cohort=cohort).filter(_months_q(months))
        }
        made: list[Statement] = []
        for year, month in months:
            if (year, month) not in existing:
                statement = Statement(
                    lead_provider=lead_provider,
                    cohort=cohort,
                    year=year,
                    month=month,
                    deadline=rules.deadline_for_month(year, month),
                    payment_date=rules.payment_date_for_month(year, month),
                    created_at=now,
                    updated_at=now,
                )
                existing[(year, month)] = statement
                made.append(statement)
        if made:
            Statement.objects.bulk_create(made)
            StatementLine.objects.bulk_create(_service_fee_lines(lead_provider, cohort, made, now))
            audit.record_many(
                actor, "statement.created", list(made), [{"year": s.year, "month": s.month} for s in made]
            )
    return [existing[m] for m in months]


def _months_q(months: list[tuple[int, int]]) -> Q:
    q = Q(pk__in=[])
    for year, month in set(months):
        q |= Q(year=year, month=month)
    return q


def _service_fee_lines(
    lead_provider: LeadProvider, cohort: Cohort, statements: list[Statement], now: dt.datetime
) -> list[StatementLine]:
    """The service-fee instalment lines of new statements, counting on from the instalments already made."""
    paid_so_far = dict(
        StatementLine.objects.filter(
            statement__lead_provider=lead_provider, statement__cohort=cohort, kind=LineKind.SERVICE_FEE
        )
        .values_list("course")
        .annotate(n=Count("id"))
        .order_by()
    )
    contracts = list(Contract.objects.select_related("terms").filter(lead_provider=lead_provider, cohort=cohort))
    lines = []
    for statement in statements:
        for contract in contracts:
            paid = paid_so_far.get(contract.course_id, 0)
            fee = contract.terms.monthly_service_fee
            if fee and rules.service_fee_instalment(paid, contract.terms.service_fee_instalments):
                line = StatementLine(
                    statement=statement,
                    kind=LineKind.SERVICE_FEE,
                    amount=fee,
                    course_id=contract.course_id,
                    terms=contract.terms,
                    reason=f"service fee instalment {paid + 1} of {contract.terms.service_fee_instalments}",
                    created_at=now,
                )
                line.check_statement_open(statement_claimed=True)  # made in this transaction: open
                lines.append(line)
                paid_so_far[contract.course_id] = paid + 1
    return lines


def _declarations_on(statement: Statement):  # type: ignore[no-untyped-def]
    return Declaration.objects.filter(statement_lines__statement=statement)


def advance_statements(actor: audit.Actor, today: dt.date | None = None) -> list[Statement]:
    """Make every open statement whose deadline has passed payable, with its eligible declarations."""
    today = today or clock.today()
    now = clock.now()
    done = []
    due = Statement.objects.filter(state=StatementState.OPEN, deadline__lt=today).order_by("deadline", "id")
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            statement = Statement.objects.select_for_update().get(pk=pk)
            if not rules.is_due_to_become_payable(rules.StatementState(statement.state), statement.deadline, today):
                continue
            ledger.move_state(statement, rules.StatementState.PAYABLE, now)
            webhooks.publish(
                statement.lead_provider_id,
                EventType.STATEMENT_PAYABLE,
                str(statement.ecf_id),
                {"statement_id": str(statement.ecf_id)},
            )
            output = _declarations_on(statement).filter(
                statement_lines__kind=LineKind.OUTPUT, statement_lines__reversed_by__isnull=True
            )
            count = bulk_change_state(
                output,
                declaration_rules.State.ELIGIBLE,
                declaration_rules.State.PAYABLE,
                f"statement {statement.ecf_id} payable",
                now,
            )
            audit.record(
                actor,
                "statement.payable",
                statement,
                before={"state": "open"},
                after={"state": "payable", "declarations_payable": count},
            )
            done.append(statement)
    return done


def move_declaration(user: User, declaration: Declaration, to: Statement, reason: str) -> StatementLine:
    """A finance officer moves a declaration's payment to another open statement, with a reason, audited."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("Enter the reason for moving the declaration", field="reason")
    if user.role != Role.FINANCE_OFFICER:
        raise PermissionDenied("Only a finance officer can move a declaration between statements")
    with transaction.atomic():
        Statement.objects.select_for_update().filter(pk=to.pk).get()
        line = ledger.move_output_line(declaration, to, clock.now(), reason)
        audit.record(
            audit.Actor.person(user),
            "declaration.moved",
            declaration,
            before={"statement": str(line.reverses_id)},
            after={"statement": str(to.ecf_id), "reason": reason},
        )
    return line


def totals(statement: Statement) -> rules.StatementTotals:
    """The statement's totals from its lines, summed by the database per kind, course and type."""
    grouped = (
        statement.lines.values_list("kind", "course__identifier", "declaration_type")
        .annotate(amount=Sum("amount"), count=Count("id"))
        .order_by()
    )
    return rules.calculate_statement_totals(
        rules.Line(kind, int(amount), course or "", kind_type, count)
        for kind, course, kind_type, amount, count in grouped
    )
