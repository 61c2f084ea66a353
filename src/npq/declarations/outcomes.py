"""Participant outcomes: recorded with a completed declaration, corrected by appending a new one."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet

from npq.core import audit, clock
from npq.core.errors import ValidationFailed
from npq.declarations import hooks, rules
from npq.declarations.lookups import resolve_participant
from npq.declarations.models import Declaration, OutcomeState, ParticipantOutcome
from npq.reference.models import LeadProvider


def outcomes_for(provider: LeadProvider) -> QuerySet[ParticipantOutcome]:
    """Outcomes on declarations made by the provider or on applications now held by it."""
    return ParticipantOutcome.objects.select_related("declaration__course", "declaration__participant").filter(
        Q(declaration__lead_provider=provider) | Q(declaration__application__lead_provider=provider)
    )


def record_outcome(
    provider: LeadProvider,
    actor: audit.Actor,
    participant_id: str,
    course_identifier: str,
    state: str,
    completion_date: dt.date,
) -> tuple[ParticipantOutcome, bool]:
    """Append an outcome to the latest completed declaration; an identical repeat returns the existing one."""
    if state not in (OutcomeState.PASSED, OutcomeState.FAILED):
        raise ValidationFailed("Enter a state of passed or failed", field="state")
    if completion_date > clock.today():
        raise ValidationFailed("The completion date cannot be in the future", field="completion_date")
    user = resolve_participant(participant_id)
    with transaction.atomic():
        declaration = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related("course")
            .filter(
                Q(lead_provider=provider) | Q(application__lead_provider=provider),
                participant=user,
                course__identifier=course_identifier,
                declaration_type=rules.DeclarationType.COMPLETED,
                state__in=[*rules.BILLABLE, rules.State.SUBMITTED],
            )
            .order_by("-declaration_date", "-id")
            .first()
        )
        if declaration is None:
            raise ValidationFailed(
                f"The participant {participant_id} has no completed declaration for {course_identifier}",
                field="course_identifier",
            )
        if declaration.course.group not in rules.OUTCOME_COURSE_GROUPS:
            raise ValidationFailed(f"{course_identifier} does not have outcomes", field="course_identifier")
        latest = declaration.outcomes.order_by("-created_at", "-id").first()
        if latest is not None and latest.state == state and latest.completion_date == completion_date:
            return latest, False
        now = clock.now()
        outcome = ParticipantOutcome.objects.create(
            declaration=declaration, state=state, completion_date=completion_date, created_at=now
        )
        declaration.updated_at = now
        declaration.save(update_fields=["updated_at"])
        audit.record(
            actor,
            "outcome.recorded",
            outcome,
            before={"state": latest.state if latest else None},
            after={"state": state, "completion_date": completion_date},
        )
        hooks.outcome_changed.tell(declaration, actor)
    return outcome, True
