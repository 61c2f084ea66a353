import datetime as dt

import pytest

from npq.core.errors import NotFound, PermissionDenied, ValidationFailed
from npq.declarations.models import Declaration, ParticipantOutcome
from npq.declarations.outcomes import record_outcome
from npq.declarations.services import (
    DeclarationRefused,
    change_delivery_partner,
    record_declaration,
    void_declaration,
)
from npq.finance import services as finance
from npq.finance.models import LineKind, StatementLine
from npq.training.models import ApplicationState
from tests.finance.payflow import authorise_and_pay

pytestmark = pytest.mark.django_db


def feb(day):
    return dt.datetime(2026, 2, day, 9, 0, tzinfo=dt.UTC)


def test_fundable_declaration_is_eligible_and_on_the_next_open_statement(world):
    application = world.new_participant()
    declaration, created = record_declaration(world.provider, world.actor, world.declare(application))
    assert created
    assert declaration.state == "eligible"
    (line,) = StatementLine.objects.filter(declaration=declaration)
    assert line.kind == LineKind.OUTPUT
    assert line.amount == 37_500  # 15% of £2,500
    assert (line.statement.year, line.statement.month) == (2026, 4)  # March's deadline has passed


def test_identical_request_returns_the_first_record(world):
    application = world.new_participant()
    first, _ = record_declaration(world.provider, world.actor, world.declare(application))
    again, created = record_declaration(world.provider, world.actor, world.declare(application))
    assert again.pk == first.pk and not created
    assert StatementLine.objects.filter(declaration__application=application).count() == 1


def test_a_different_request_for_the_same_milestone_is_refused(world):
    application = world.new_participant()
    record_declaration(world.provider, world.actor, world.declare(application))
    with pytest.raises(DeclarationRefused) as refused:
        record_declaration(world.provider, world.actor, world.declare(application, declaration_date=feb(2)))
    assert "already been submitted" in refused.value.message


def test_unfunded_place_stays_submitted_and_unpaid(world):
    application = world.new_participant(funded_place=False)
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    assert declaration.state == "submitted"
    assert not StatementLine.objects.filter(declaration=declaration).exists()


def test_duplicate_across_merged_identities_is_ineligible(world):
    first = world.new_participant(trn="1234567")
    second = world.new_participant(trn="1234567")
    original, _ = record_declaration(world.provider, world.actor, world.declare(first))
    duplicate, _ = record_declaration(world.provider, world.actor, world.declare(second))
    assert duplicate.state == "ineligible"
    assert duplicate.superseded_by == original
    assert duplicate.state_reason == "duplicate_declaration"
    assert not StatementLine.objects.filter(declaration=duplicate).exists()


def test_retained_before_started_is_refused(world):
    application = world.new_participant()
    with pytest.raises(DeclarationRefused) as refused:
        record_declaration(world.provider, world.actor, world.declare(application, "retained-1"))
    assert refused.value.problems == [
        ("declaration_type", "A retained-1 declaration needs a started declaration first")
    ]


def test_declaration_after_withdrawal_is_refused(world):
    application = world.new_participant(training_status="withdrawn")
    with pytest.raises(ValidationFailed, match="withdrawn but has no withdrawal recorded"):
        record_declaration(world.provider, world.actor, world.declare(application))
    for day in (10, 20):  # the latest withdrawal counts
        ApplicationState.objects.create(
            application=application,
            lead_provider=world.provider,
            state="withdrawn",
            created_at=dt.datetime(2026, 1, day, 12, tzinfo=dt.UTC),
        )
    with pytest.raises(DeclarationRefused) as refused:
        record_declaration(world.provider, world.actor, world.declare(application))
    assert "withdrew on 2026-01-20" in refused.value.message


def test_no_contract_no_declaration(world):
    application = world.new_participant()
    application.course = application.course.__class__.objects.get(identifier="npq-senior-leadership")
    application.save()
    with pytest.raises(DeclarationRefused) as refused:
        record_declaration(world.provider, world.actor, world.declare(application))
    assert "do not have a contract for npq-senior-leadership" in refused.value.message


def test_other_providers_participant_is_not_found(world):
    application = world.new_participant(lead_provider=world.other_provider)
    with pytest.raises(ValidationFailed):
        record_declaration(world.provider, world.actor, world.declare(application))


def test_void_before_payment_reverses_on_the_same_statement(world):
    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    void_declaration(world.provider, world.actor, str(declaration.ecf_id))
    declaration.refresh_from_db()
    assert declaration.state == "voided"
    amounts = list(
        StatementLine.objects.filter(declaration=declaration).values_list("statement__month", "kind", "amount")
    )
    assert amounts == [(4, "output", 37_500), (4, "reversal", -37_500)]
    with pytest.raises(ValidationFailed):
        void_declaration(world.provider, world.actor, str(declaration.ecf_id))


def test_void_after_payment_claws_back_on_a_later_statement(world, frozen_clock):
    from npq.core import clock

    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    token = clock.move_to(dt.datetime(2026, 3, 28, tzinfo=dt.UTC))
    try:
        finance.advance_statements(world.actor)
        april = world.statements[1]
        april.refresh_from_db()
        authorise_and_pay(april)
        declaration.refresh_from_db()
        assert declaration.state == "paid"
        void_declaration(world.provider, world.actor, str(declaration.ecf_id))
        declaration.refresh_from_db()
        assert declaration.state == "awaiting-clawback"
        clawback = StatementLine.objects.get(declaration=declaration, kind=LineKind.CLAWBACK)
        assert (clawback.statement.month, clawback.amount) == (5, -37_500)
    finally:
        clock.reset(token)


def test_only_the_declaring_provider_may_void(world, make_user):
    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    with pytest.raises(NotFound):
        void_declaration(world.other_provider, world.actor, str(declaration.ecf_id))
    application.lead_provider = world.other_provider  # transferred: visible to the new provider, not changeable
    application.save()
    with pytest.raises(PermissionDenied):
        void_declaration(world.other_provider, world.actor, str(declaration.ecf_id))


def test_completed_with_outcome_then_void_voids_the_outcome(world):
    application = world.new_participant()
    for n, kind in enumerate(("started", "retained-1", "retained-2")):
        record_declaration(world.provider, world.actor, world.declare(application, kind, declaration_date=feb(1 + n)))
    completed, _ = record_declaration(
        world.provider, world.actor, world.declare(application, "completed", declaration_date=feb(5), has_passed=True)
    )
    assert completed.outcomes.get().state == "passed"
    outcome, created = record_outcome(
        world.provider, world.actor, str(application.user.ecf_id), "npq-headship", "failed", dt.date(2026, 2, 6)
    )
    assert created and outcome.state == "failed"
    again, created = record_outcome(
        world.provider, world.actor, str(application.user.ecf_id), "npq-headship", "failed", dt.date(2026, 2, 6)
    )
    assert again.pk == outcome.pk and not created
    void_declaration(world.provider, world.actor, str(completed.ecf_id))
    assert list(ParticipantOutcome.objects.filter(declaration=completed).values_list("state", flat=True)) == [
        "passed",
        "failed",
        "voided",
    ]


def test_change_delivery_partner_checks_the_partnership(world):
    from npq.reference.models import DeliveryPartner

    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    fenland = DeliveryPartner.objects.get(name="Fenland Learning Trust")
    outsider = DeliveryPartner.objects.get(name="Marches Multi-Academy Trust")
    change_delivery_partner(world.provider, world.actor, str(declaration.ecf_id), str(fenland.ecf_id), None)
    declaration.refresh_from_db()
    assert declaration.delivery_partner == fenland
    with pytest.raises(DeclarationRefused) as refused:
        change_delivery_partner(world.provider, world.actor, str(declaration.ecf_id), str(outsider.ecf_id), None)
    assert "does not work with you" in refused.value.message
    assert Declaration.objects.get(pk=declaration.pk).delivery_partner == fenland
