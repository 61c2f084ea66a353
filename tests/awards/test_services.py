"""Awards follow outcomes: made once from a pass on a live completed declaration, revoked with a
reason when that stops being true, made again (a new award, the old one kept) on a later pass."""

import datetime as dt

import pytest

from npq.awards import services
from npq.awards.models import Award, SigningKey
from npq.core.audit import Actor
from npq.core.errors import NotFound, ValidationFailed
from npq.core.models import AuditEvent
from npq.declarations.outcomes import record_outcome
from npq.declarations.services import void_declaration
from tests.awards.conftest import complete


def _record(world, declaration, state, day):
    return record_outcome(
        world.provider, world.actor, str(declaration.participant.ecf_id), "npq-headship", state, dt.date(2026, 2, day)
    )


def test_a_pass_on_a_completed_declaration_awards_once(world, passed):
    award = Award.objects.get(participant=passed.participant)
    assert (award.course, award.lead_provider, award.cohort) == (world.course, world.provider, world.cohort)
    assert award.awarded_on == dt.date(2026, 2, 5) and award.name == "Zoë Łukasiewicz"
    assert award.revoked_at is None and award.declaration == passed
    assert services.settle_award(passed, world.actor) is None  # settling again changes nothing
    _record(world, passed, "passed", 5)  # the same outcome again: no new outcome, no new award
    assert Award.objects.filter(participant=passed.participant).count() == 1
    event = AuditEvent.objects.get(action="award.made")
    assert event.after["certificate_number"] == award.certificate_number
    assert "private" not in str(event.after).lower() and SigningKey.objects.count() == 1


def test_no_award_without_a_pass(world):
    failed = complete(world, world.new_participant(), has_passed=False)
    assert not Award.objects.filter(participant=failed.participant).exists()


def test_failed_outcome_revokes_then_a_later_pass_awards_again(world, passed):
    first = Award.objects.get(participant=passed.participant)
    _record(world, passed, "failed", 6)
    first.refresh_from_db()
    assert first.revoked_at is not None and first.revocation_reason == "The outcome was changed to failed"
    _record(world, passed, "passed", 7)
    awards = list(Award.objects.filter(participant=passed.participant).order_by("id"))
    assert [a.pk for a in awards][0] == first.pk and len(awards) == 2
    again = awards[1]
    assert again.revoked_at is None and again.awarded_on == dt.date(2026, 2, 7)
    assert again.certificate_number != first.certificate_number
    assert first.credential == Award.objects.get(pk=first.pk).credential  # the old award is kept as it was
    actions = list(AuditEvent.objects.filter(action__startswith="award.").values_list("action", flat=True))
    assert actions == ["award.made", "award.revoked", "award.made"]


def test_voiding_the_completed_declaration_revokes(world, passed):
    void_declaration(world.provider, world.actor, str(passed.ecf_id))
    award = Award.objects.get(participant=passed.participant)
    assert award.revocation_reason == "The completed declaration was voided"


def test_the_department_revokes_with_a_reason(world, passed):
    award = Award.objects.get(participant=passed.participant)
    with pytest.raises(ValidationFailed, match="Enter why"):
        services.revoke_award(award.certificate_number, Actor.person(world.admin), "  ")
    with pytest.raises(NotFound):
        services.revoke_award("0000-0000-0000-0000", Actor.person(world.admin), "made in error")
    services.revoke_award(award.display_number.lower(), Actor.person(world.admin), "Awarded in error")
    award.refresh_from_db()
    assert award.revocation_reason == "Awarded in error"
    with pytest.raises(ValidationFailed, match="already revoked"):
        services.revoke_award(award.certificate_number, Actor.person(world.admin), "again")


def test_backfill_awards_passes_recorded_before_awards_existed(world, passed):
    Award.objects.all().delete()
    assert services.award_passed_outcomes(Actor.command("test")) == 1
    assert services.award_passed_outcomes(Actor.command("test")) == 0
