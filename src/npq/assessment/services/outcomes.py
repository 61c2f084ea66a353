"""Released results become the participant's NPQ outcome on the completed declaration, whichever
comes first: a release looks for the declaration, and a completed declaration made later looks for
the released results (``link_completed_declaration``, called by the declarations service)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from npq.assessment import rules
from npq.assessment.models import Release, Window
from npq.core import audit
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.declarations.outcomes import outcomes_for, record_outcome
from npq.reference.models import Course, LeadProvider

LINKED = "Recorded as the participant's outcome on the completed declaration"


def qualification_result(
    provider_id: int, course_id: int, participant_id: int
) -> tuple[bool | None, str, dt.date | None]:
    """Passed, failed or not yet (None) from every task set to the participant's cohorts of
    delivery with this provider and course, the reason, and the date of the deciding release."""
    windows = list(
        Window.objects.filter(
            delivery_cohort__lead_provider_id=provider_id,
            delivery_cohort__course_id=course_id,
            delivery_cohort__memberships__participant_id=participant_id,
        )
        .select_related("scheme__task")
        .order_by("deadline", "id")
        .distinct()
    )
    latest: dict[int, Release] = {}
    releases = Release.objects.filter(
        result__submission__window__in=windows, result__submission__participant_id=participant_id
    ).select_related("result__submission")
    for release in releases.order_by("released_at", "id"):
        latest[release.result.submission.window_id] = release
    tasks = [(w.scheme.task.title, latest[w.pk].result.passed if w.pk in latest else None) for w in windows]
    passed, reason = rules.qualification_result(tasks)
    when = max((r.released_at for r in latest.values()), default=None)
    return passed, reason, when.date() if when else None


def _latest_outcome_state(provider: LeadProvider, course: Course, participant: Any) -> str | None:
    latest = (
        outcomes_for(provider)
        .filter(
            declaration__participant=participant,
            declaration__course=course,
            declaration__declaration_type="completed",
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return latest.state if latest else None


def link_outcome(provider: LeadProvider, course: Course, participant: Any, actor: Actor) -> tuple[bool, str]:
    """Make the participant's released results their outcome on the completed declaration, when
    every task is decided and the declaration exists. Returns (recorded, note); the releases of the
    participant with this provider and course are marked with the note (audited when it changes)."""
    passed, reason, when = qualification_result(provider.pk, course.pk, participant.pk)
    recorded, note = False, f"Not yet an outcome: {reason}"
    with transaction.atomic():
        if passed is not None and when is not None:
            state = "passed" if passed else "failed"
            if _latest_outcome_state(provider, course, participant) == state:
                recorded, note = True, LINKED
            else:
                try:
                    record_outcome(provider, actor, str(participant.ecf_id), course.identifier, state, when)
                except NPQError as exc:
                    note = f"Not yet an outcome: {exc.message}"
                else:
                    recorded, note = True, LINKED
        releases = Release.objects.select_for_update().filter(
            result__submission__participant=participant,
            result__submission__window__delivery_cohort__lead_provider=provider,
            result__submission__window__delivery_cohort__course=course,
        )
        for release in releases:
            if release.outcome_recorded == recorded and release.outcome_note == note[:300]:
                continue
            before = {"outcome_recorded": release.outcome_recorded, "outcome_note": release.outcome_note}
            release.outcome_recorded, release.outcome_note = recorded, note[:300]
            release.save(update_fields=["outcome_recorded", "outcome_note"])
            audit.record(
                actor,
                "release.outcome_linked",
                release,
                before=before,
                after={"outcome_recorded": recorded, "outcome_note": release.outcome_note},
            )
    return recorded, note


def link_completed_declarations(declarations: list[Any], actor: Actor) -> None:
    """Declarations were created (one request's batch): each completed one links released results.

    Started and retained declarations, most of any batch, cost nothing here; the completed ones cost
    one query together, and only a participant with released results for the course is looked at
    further (by :func:`link_completed_declaration`, which checks the providers one by one)."""
    completed = [d for d in declarations if d.declaration_type == "completed"]
    if not completed:
        return
    released = set(
        Release.objects.filter(
            result__submission__participant_id__in={d.participant_id for d in completed},
            result__submission__window__delivery_cohort__course_id__in={d.course_id for d in completed},
        ).values_list("result__submission__participant_id", "result__submission__window__delivery_cohort__course_id")
    )
    for declaration in completed:
        if (declaration.participant_id, declaration.course_id) in released:
            link_completed_declaration(declaration, actor)


def link_completed_declaration(declaration: Any, actor: Actor) -> bool:
    """A completed declaration has just been made: if the participant's results with the
    declaring provider are released, they become its outcome (appended when they differ from the
    provider's has_passed, so the outcome matches the marking). Returns whether it was linked."""
    if declaration.declaration_type != "completed":
        return False
    providers = LeadProvider.objects.filter(
        Q(pk=declaration.lead_provider_id) | Q(applications__pk=declaration.application_id)
    ).distinct()
    linked = False
    for provider in providers:
        if not Release.objects.filter(
            result__submission__participant_id=declaration.participant_id,
            result__submission__window__delivery_cohort__lead_provider=provider,
            result__submission__window__delivery_cohort__course_id=declaration.course_id,
        ).exists():
            continue
        recorded, _ = link_outcome(provider, declaration.course, declaration.participant, actor)
        linked = linked or recorded
        # an outcome may have been appended: the response must read them again, not a cached list
        getattr(declaration, "_prefetched_objects_cache", {}).pop("outcomes", None)
    return linked
