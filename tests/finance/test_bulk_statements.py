"""``create_statements``: several months in one call, as ``create_statement`` month by month."""

import pytest

from npq.core.models import AuditEvent
from npq.finance import rules, services
from npq.finance.models import LineKind, Statement, StatementLine

pytestmark = pytest.mark.django_db


def test_months_at_once_carry_the_instalments_left_and_keep_existing_statements(world):
    # The world's contract pays 4 instalments, all on March to June (its statements); two more months
    # ahead of them and one of them again: June is kept, July and August carry no fee.
    months = [(2026, 6), (2026, 7), (2026, 8)]
    june = Statement.objects.get(lead_provider=world.provider, cohort=world.cohort, year=2026, month=6)
    made = services.create_statements(world.actor, world.provider, world.cohort, months)
    assert [(s.year, s.month) for s in made] == months and made[0].pk == june.pk
    assert not StatementLine.objects.filter(statement__in=made[1:]).exists()
    assert AuditEvent.objects.filter(action="statement.created", object_id=str(made[2].pk)).count() == 1
    again = services.create_statements(world.actor, world.provider, world.cohort, months)
    assert [s.pk for s in again] == [s.pk for s in made]
    assert AuditEvent.objects.filter(action="statement.created").count() == 4 + 2


def test_months_at_once_match_month_by_month(world, django_assert_max_num_queries):
    other = world.other_provider
    services.create_contract(world.actor, other, world.cohort, world.course, 250_000, 100, 3)
    one_by_one = [services.create_statement(world.actor, other, world.cohort, 2026, m) for m in (1, 2)]
    with django_assert_max_num_queries(10):
        together = services.create_statements(world.actor, other, world.cohort, [(2026, m) for m in (3, 4, 5)])
    fees = StatementLine.objects.filter(statement__lead_provider=other, kind=LineKind.SERVICE_FEE)
    assert [(line.statement.month, line.reason) for line in fees.order_by("statement__month")] == [
        (1, "service fee instalment 1 of 3"),
        (2, "service fee instalment 2 of 3"),
        (3, "service fee instalment 3 of 3"),
    ]
    assert {line.amount for line in fees} == {one_by_one[0].lines.get().amount}
    assert [s.deadline for s in together] == [rules.deadline_for_month(2026, m) for m in (3, 4, 5)]
