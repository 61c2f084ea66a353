"""Use cases for awards: settle a declaration's award when its outcome changes, revoke, backfill."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Q

from npq.awards import credentials, keys, rules
from npq.awards.models import Award
from npq.core import audit, clock
from npq.core.errors import Conflict, NotFound, ValidationFailed
from npq.declarations import rules as declaration_rules
from npq.declarations.models import Declaration, OutcomeState, ParticipantOutcome
from npq.frameworks.models import Framework, FrameworkStatus

# A completed declaration stands while it is live (voided, ineligible or clawed back, it no longer
# says the participant completed): declarations' own definition of live.
LIVE_DECLARATION = declaration_rules.LIVE


def framework_for(course_id: int, on: object) -> Framework | None:
    """The published framework version the course was assessed against on the award date."""
    return (
        Framework.objects.filter(status=FrameworkStatus.PUBLISHED, qualifications__course_id=course_id)
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        .order_by("-effective_from", "-version")
        .first()
    )


def _framework_label(framework: Framework | None) -> str:
    return str(framework) if framework else "the NPQ framework in force"


def _make(declaration: Declaration, outcome: ParticipantOutcome, actor: audit.Actor) -> Award:
    now = clock.now()
    participant = declaration.participant
    award = Award(
        certificate_number=rules.new_certificate_number(secrets.token_bytes(10)),
        participant=participant,
        name=participant.full_name,
        course=declaration.course,
        cohort=declaration.cohort,
        lead_provider=declaration.lead_provider,
        framework=framework_for(declaration.course_id, outcome.completion_date),
        declaration=declaration,
        outcome=outcome,
        awarded_on=outcome.completion_date,
        issued_at=now.replace(microsecond=0),
    )
    # The credential names the award's status index (its id), so the row is saved first, then signed.
    _, award.signing_key = keys.active_key()
    award.credential = "{}"
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError as error:  # a concurrent settlement awarded first: the unique index stopped this one
        raise Conflict(f"{participant.ecf_id} already holds an award for {declaration.course.identifier}") from error
    signed = credentials.sign(credentials.award_document(award, _framework_label(award.framework)), award.issued_at)
    award.credential = credentials.serialise(signed)
    award.save(update_fields=["credential"])
    audit.record(
        actor,
        "award.made",
        award,
        after={
            "certificate_number": award.certificate_number,
            "course": declaration.course.identifier,
            "lead_provider": declaration.lead_provider.name,
            "framework": _framework_label(award.framework),
            "awarded_on": award.awarded_on,
            "outcome": str(outcome.ecf_id),
            "key": award.signing_key.kid,
        },
    )
    return award


def _revoke(award: Award, actor: audit.Actor, reason: str) -> Award:
    award.revoked_at = clock.now()
    award.revocation_reason = reason[:200]
    award.save(update_fields=["revoked_at", "revocation_reason"])
    audit.record(
        actor,
        "award.revoked",
        award,
        before={"revoked_at": None},
        after={"revoked_at": award.revoked_at, "reason": reason},
    )
    return award


def on_outcome_changed(declaration: Declaration, actor: audit.Actor) -> None:
    """The listener of ``declarations.hooks.outcome_changed``."""
    settle_award(declaration, actor)


def settle_award(declaration: Declaration, actor: audit.Actor) -> Award | None:
    """After a completed declaration's outcome changed: award, revoke or leave alone (see
    ``rules.assess_award``). Returns the award made or revoked, if any."""
    with transaction.atomic():
        declaration = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related("participant", "course", "cohort", "lead_provider")
            .get(pk=declaration.pk)
        )
        latest = declaration.outcomes.order_by("-created_at", "-id").first()
        in_force = (
            Award.objects.select_for_update()
            .filter(participant_id=declaration.participant_id, course_id=declaration.course_id, revoked_at__isnull=True)
            .first()
        )
        decision = rules.assess_award(
            latest.state if latest else None,
            declaration.state in LIVE_DECLARATION,
            in_force is not None,
            in_force is not None and in_force.declaration_id == declaration.pk,
        )
        if decision.action == rules.Action.AWARD and latest is not None:
            return _make(declaration, latest, actor)
        if decision.action == rules.Action.REVOKE and in_force is not None:
            return _revoke(in_force, actor, decision.reason)
    return None


def revoke_award(certificate_number: str, actor: audit.Actor, reason: str) -> Award:
    """The Department revokes an award (made in error, or found to be fraudulent), with a reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("Enter why the award is revoked", field="reason")
    number = rules.normalise_certificate_number(certificate_number)
    with transaction.atomic():
        award = Award.objects.select_for_update().filter(certificate_number=number or "").first()
        if award is None:
            raise NotFound(f"No award has the certificate number {certificate_number}")
        if award.revoked_at is not None:
            raise ValidationFailed(f"Award {award.certificate_number} is already revoked", field="reason")
        return _revoke(award, actor, reason)


def award_passed_outcomes(actor: audit.Actor) -> int:
    """Settle every completed declaration whose latest outcome is a pass with no award (outcomes
    recorded before awards existed). Returns how many awards were made."""
    passed = ParticipantOutcome.objects.filter(state=OutcomeState.PASSED, award__isnull=True)
    made = 0
    for declaration in Declaration.objects.filter(outcomes__in=passed).distinct().order_by("id"):
        award = settle_award(declaration, actor)
        made += int(award is not None and award.revoked_at is None)
    return made
