import datetime as dt
import io

import pytest
from django.core.management import call_command

from npq.core import clock
from npq.core.errors import Conflict
from npq.core.models import AuditEvent
from npq.declarations.services import record_declaration, void_declaration
from npq.finance import payments, services
from npq.finance.models import ContractTerms, LineKind, Statement, StatementLine
from tests.finance.payflow import approver, authorise_and_pay, officer

pytestmark = pytest.mark.django_db


def at(day):
    return dt.datetime(*day, 12, 0, tzinfo=dt.UTC)


def test_statements_carry_service_fee_instalments(world):
    fees = StatementLine.objects.filter(kind=LineKind.SERVICE_FEE).order_by("statement__month")
    # £2,500 x 100 x 40% / 4 = £25,000 a month, for the four instalments
    assert [(f.statement.month, f.amount) for f in fees] == [
        (3, 2_500_000),
        (4, 2_500_000),
        (5, 2_500_000),
        (6, 2_500_000),
    ]
    july = services.create_statement(world.actor, world.provider, world.cohort, 2026, 7)
    assert not july.lines.exists()


def test_advance_makes_statements_payable_after_the_deadline(world):
    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    out = io.StringIO()
    call_command("statements", "advance", "--today", "2026-03-26", stdout=out)
    assert "1 statement(s)" in out.getvalue()  # only March: April's deadline is 26 March itself
    call_command("statements", "advance", "--today", "2026-03-27", stdout=out)
    april = Statement.objects.get(month=4, lead_provider=world.provider)
    assert april.state == "payable"
    declaration.refresh_from_db()
    assert declaration.state == "payable"
    assert "total £25,375.00" in out.getvalue()


def test_payable_statement_never_changes(world):
    application = world.new_participant()
    record_declaration(world.provider, world.actor, world.declare(application))
    services.advance_statements(world.actor, today=dt.date(2026, 3, 27))
    april = Statement.objects.get(month=4, lead_provider=world.provider)
    with pytest.raises(Conflict):
        payments.add_adjustment(officer(), april, 100, "late fee")
    line = april.lines.first()
    line.amount = 1
    with pytest.raises(Conflict):
        line.save()
    with pytest.raises(Conflict):
        line.delete()
    with pytest.raises(Conflict):
        StatementLine.objects.create(
            statement=april, kind=LineKind.ADJUSTMENT, amount=5, reason="x", created_at=clock.now()
        )


def test_terms_are_locked_once_a_payable_statement_uses_them_and_a_price_change_makes_new_terms(world):
    services.advance_statements(world.actor, today=dt.date(2026, 3, 27))
    terms = world.contract.terms
    terms.per_participant = 1
    with pytest.raises(Conflict):
        terms.save()
    contract = services.change_price(world.actor, world.contract, 300_000)
    assert contract.terms_id != terms.pk
    assert ContractTerms.objects.get(pk=terms.pk).per_participant == 250_000
    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    assert StatementLine.objects.get(declaration=declaration).amount == 45_000  # 15% of £3,000


def test_authorise_payment_pays_declarations_and_completes_clawbacks(world):
    a, b = world.new_participant(), world.new_participant()
    first, _ = record_declaration(world.provider, world.actor, world.declare(a))
    record_declaration(world.provider, world.actor, world.declare(b))
    token = clock.move_to(at((2026, 3, 27)))
    try:
        services.advance_statements(world.actor)
        april = Statement.objects.get(month=4, lead_provider=world.provider)
        april = authorise_and_pay(april)
        assert april.state == "paid" and april.authorised_by == approver()
        void_declaration(world.provider, world.actor, str(first.ecf_id))
        may = Statement.objects.get(month=5, lead_provider=world.provider)
        assert services.totals(may).clawbacks == -37_500
        services.advance_statements(world.actor, today=dt.date(2026, 4, 26))
        may.refresh_from_db()
        authorise_and_pay(may)
    finally:
        clock.reset(token)
    first.refresh_from_db()
    assert first.state == "clawed-back"
    assert AuditEvent.objects.filter(action="statement.paid").count() == 2
    with pytest.raises(Conflict):
        authorise_and_pay(may)


def test_move_declaration_reverses_and_re_adds_with_reason(world):
    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    april, may = (Statement.objects.get(month=m, lead_provider=world.provider) for m in (4, 5))
    services.move_declaration(officer(), declaration, may, "Ticket 42: declared against the wrong month")
    assert services.totals(april).output + services.totals(april).reversals == 0
    assert services.totals(may).output == 37_500
    event = AuditEvent.objects.get(action="declaration.moved")
    assert event.after["reason"] == "Ticket 42: declared against the wrong month"
    void_declaration(world.provider, world.actor, str(declaration.ecf_id))
    assert services.totals(may).reversals == -37_500


def test_adjustment_needs_a_reason_and_records_who(world):
    from npq.core.errors import ValidationFailed

    april = Statement.objects.get(month=4, lead_provider=world.provider)
    with pytest.raises(ValidationFailed):
        payments.add_adjustment(officer(), april, 1000, "  ")
    line = payments.add_adjustment(officer(), april, -1050, "Overpayment in March")
    assert (line.amount, line.created_by) == (-1050, officer())
    assert services.totals(april).adjustments == -1050
