"""Finance controls: the rules as tables, then the services on the database (separation of duties,
the per-adjustment limit and its second approver, reversal instead of deletion, paid on the date)."""

import datetime as dt

import pytest
from django.test import override_settings

from npq.core.errors import Conflict, PermissionDenied, ValidationFailed
from npq.core.models import AuditEvent
from npq.finance import payments, rules, services
from npq.finance.models import Statement, StatementLine
from npq.finance.rules import Refusal, StatementState
from tests.finance.payflow import approver, officer

OPEN, PAYABLE, AUTHORISED = StatementState.OPEN, StatementState.PAYABLE, StatementState.AUTHORISED


@pytest.mark.parametrize(
    ("amounts", "limit", "needed"),
    [([], 1000, 1), ([1000, -1000], 1000, 1), ([1001], 1000, 2), ([5, -1001], 1000, 2)],
)
def test_an_adjustment_above_the_limit_either_way_needs_two_approvers(amounts, limit, needed):
    assert rules.approvals_needed(amounts, limit) == needed


@pytest.mark.parametrize(
    ("is_officer", "state", "amount", "reason", "refused"),
    [
        (True, OPEN, -1250, "Late evidence", None),
        (False, OPEN, -1250, "Late evidence", "forbidden"),
        (True, OPEN, 0, "Late evidence", "invalid"),
        (True, OPEN, 100, "  ", "invalid"),
        (True, OPEN, 9_999_999_999_900, "Typo", "invalid"),  # the £99,999,999,999 of the issue
        (True, PAYABLE, 100, "Too late", "conflict"),
    ],
)
def test_assess_adjustment(is_officer, state, amount, reason, refused):
    found = rules.assess_adjustment(is_officer=is_officer, state=state, amount=amount, reason=reason, ceiling=10**8)
    assert (found.kind if found else None) == refused


@pytest.mark.parametrize(
    ("is_approver", "state", "adjusters", "approvals", "refused"),
    [
        (True, PAYABLE, frozenset(), frozenset(), None),
        (False, PAYABLE, frozenset(), frozenset(), "forbidden"),
        (True, PAYABLE, frozenset({7}), frozenset(), "forbidden"),  # adjusted it: someone else authorises
        (True, PAYABLE, frozenset(), frozenset({7}), "conflict"),  # one person never gives both approvals
        (True, OPEN, frozenset(), frozenset(), "conflict"),
        (True, AUTHORISED, frozenset(), frozenset(), "conflict"),
    ],
)
def test_assess_authorisation(is_approver, state, adjusters, approvals, refused):
    found = rules.assess_authorisation(
        is_approver=is_approver, state=state, approver=7, adjusters=adjusters, approvals=approvals
    )
    assert (found.kind if found else None) == refused


@pytest.mark.parametrize(
    ("state", "today", "refused"),
    [
        (AUTHORISED, dt.date(2026, 4, 25), None),
        (AUTHORISED, dt.date(2026, 5, 1), None),
        (AUTHORISED, dt.date(2026, 4, 24), "conflict"),
        (PAYABLE, dt.date(2026, 4, 25), "conflict"),
    ],
)
def test_paid_only_once_authorised_and_on_or_after_the_payment_date(state, today, refused):
    found = rules.assess_marking_paid(is_finance=True, state=state, payment_date=dt.date(2026, 4, 25), today=today)
    assert (found.kind if found else None) == refused
    assert isinstance(found, Refusal | type(None))


def _payable(world) -> Statement:
    statement = Statement.objects.get(month=4, lead_provider=world.provider)
    services.advance_statements(world.actor, today=statement.deadline + dt.timedelta(days=1))
    statement.refresh_from_db()
    return statement


@pytest.mark.django_db
def test_a_dfe_admin_and_an_approver_cannot_adjust(world):
    statement = Statement.objects.get(month=4, lead_provider=world.provider)
    for person in (world.admin, approver()):
        with pytest.raises(PermissionDenied):
            payments.add_adjustment(person, statement, 100, "Not mine to do")


@pytest.mark.django_db
@override_settings(NPQ_ADJUSTMENT_LIMIT_PENCE=1_000_000)
def test_over_the_limit_needs_a_second_approver(world):
    statement = Statement.objects.get(month=4, lead_provider=world.provider)
    payments.add_adjustment(officer(), statement, 1_000_001, "Venue refund")
    statement = _payable(world)
    statement = payments.authorise_payment(approver(1), statement)
    assert statement.state == "payable"
    with pytest.raises(Conflict):
        payments.authorise_payment(approver(1), statement)
    statement = payments.authorise_payment(approver(2), statement)
    assert statement.state == "authorised"
    assert list(
        AuditEvent.objects.filter(action__startswith="statement.a").order_by("id").values_list("action", flat=True)
    ) == [
        "statement.adjusted",
        "statement.approved",
        "statement.authorised",
    ]


@pytest.mark.django_db
def test_an_adjustment_is_reversed_by_an_opposite_one_never_deleted(world):
    statement = Statement.objects.get(month=4, lead_provider=world.provider)
    line = payments.add_adjustment(officer(), statement, 4_200, "Duplicate")
    with pytest.raises(Conflict):
        line.delete()
    opposite = payments.reverse_adjustment(officer(), line, "")
    assert (opposite.amount, opposite.reverses_id) == (-4_200, line.pk)
    assert services.totals(statement).adjustments == 0
    assert StatementLine.objects.filter(statement=statement, kind="adjustment").count() == 2
    with pytest.raises(Conflict):
        payments.reverse_adjustment(officer(), line, "again")
    with pytest.raises(ValidationFailed):
        payments.reverse_adjustment(officer(), opposite, "reverse the reversal")
