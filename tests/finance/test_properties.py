"""Ledger properties over random sequences of declare / void / close-the-month, on the real database."""

import contextlib
import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from npq.core import clock
from npq.core.errors import NPQError
from npq.declarations.models import Declaration
from npq.declarations.services import record_declaration, void_declaration
from npq.finance import services
from npq.finance.models import LineKind, Statement, StatementLine
from tests.finance.payflow import authorise_and_pay

pytestmark = pytest.mark.django_db

steps = st.lists(
    st.one_of(
        st.tuples(st.just("declare"), st.integers(0, 3)),
        st.tuples(st.just("void"), st.integers(0, 3)),
        st.tuples(st.just("close"), st.just(0)),
    ),
    min_size=1,
    max_size=14,
)


def frozen_lines():
    return {
        pk: (statement, kind, amount)
        for pk, statement, kind, amount in StatementLine.objects.exclude(statement__state="open").values_list(
            "pk", "statement_id", "kind", "amount"
        )
    }


def close_month(world):
    """Move past the next open deadline, make statements payable and pay them."""
    upcoming = Statement.objects.filter(lead_provider=world.provider, state="open", deadline__gte=clock.today())
    first = upcoming.order_by("deadline").first()
    if first is None:
        return
    day = first.deadline + dt.timedelta(days=1)
    clock.move_to(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC))
    for statement in services.advance_statements(world.actor):
        authorise_and_pay(statement)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps)
def test_ledger_never_pays_twice_and_never_edits_a_closed_line(world, program):
    with transaction.atomic():
        token = clock.move_to(clock.now())
        try:
            for month in range(7, 13):
                services.create_statement(world.actor, world.provider, world.cohort, 2026, month)
            people = [world.new_participant() for _ in range(4)]
            made = {}
            for action, who in program:
                before = frozen_lines()
                closed = set(Statement.objects.exclude(state="open").values_list("pk", flat=True))
                if action == "declare":
                    declaration, _ = record_declaration(world.provider, world.actor, world.declare(people[who]))
                    made[who] = declaration
                elif action == "void" and who in made:
                    # already voided, or no open statement left to claw back on
                    with contextlib.suppress(NPQError):
                        void_declaration(world.provider, world.actor, str(made[who].ecf_id))
                elif action == "close":
                    close_month(world)
                after = frozen_lines()
                assert {pk: after[pk] for pk in before} == before  # closed lines never change or vanish
                added = {pk for pk in set(after) - set(before) if after[pk][0] in closed}
                assert not added  # nothing new lands on a statement that was already payable or paid
            _check_clawbacks()
            _check_totals(world)
        finally:
            clock.reset(token)
            transaction.set_rollback(True)


def _check_clawbacks():
    for declaration in Declaration.objects.filter(state__in=["awaiting-clawback", "clawed-back"]):
        clawbacks = list(StatementLine.objects.filter(declaration=declaration, kind=LineKind.CLAWBACK))
        assert len(clawbacks) == 1
        paid = clawbacks[0].reverses
        assert paid.statement.state == "paid"
        assert clawbacks[0].amount == -paid.amount
        assert clawbacks[0].statement.deadline > paid.statement.deadline
    for declaration in Declaration.objects.all():
        live_outputs = StatementLine.objects.filter(
            declaration=declaration, kind=LineKind.OUTPUT, reversed_by__isnull=True
        ).count()
        assert live_outputs == (1 if declaration.state in ("eligible", "payable", "paid") else 0)


def _check_totals(world):
    for statement in Statement.objects.filter(lead_provider=world.provider):
        independent = StatementLine.objects.filter(statement=statement).aggregate(s=Sum("amount"))["s"] or 0
        assert services.totals(statement).total == independent
        assert isinstance(independent, int)
