"""Moderation (a sample of each assessor's marking), changing a result, and release."""

from typing import Any

from django.db import transaction

from npq.assessment import rules
from npq.assessment.models import Marking, Moderation, Release, Result, Submission, Window
from npq.assessment.services.common import current_result, require_moderator
from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import NPQError, ValidationFailed


def live_submissions(window: Window) -> list[Submission]:
    return list(
        window.submissions.exclude(status=Submission.Status.SUPERSEDED)
        .select_related("participant")
        .prefetch_related("markings", "results")
        .order_by("candidate_number", "attempt")
    )


def sample_ids(window: Window) -> set[int]:
    """Submissions with a result chosen for moderation: the scheme's share of each first marker's."""
    by_assessor: dict[str, list[str]] = {}
    for sub in live_submissions(window):
        first = next((m for m in sub.markings.all() if m.role == Marking.Role.FIRST), None)
        if first is not None and sub.results.all():
            by_assessor.setdefault(str(first.assessor_id), []).append(str(sub.pk))
    chosen = rules.moderation_sample(by_assessor, window.scheme.sample_percent, seed=f"window-{window.pk}")
    return {int(i) for ids in chosen.values() for i in ids}


def moderation_status(window: Window) -> dict[str, int]:
    subs = live_submissions(window)
    sampled = sample_ids(window)
    moderated = set(Moderation.objects.filter(submission__window=window).values_list("submission_id", flat=True))
    return {
        "submissions": len(subs),
        "without_result": sum(1 for s in subs if not s.results.all()),
        "sampled": len(sampled),
        "moderated": len(sampled & moderated),
    }


def moderation_complete(window: Window) -> bool:
    status = moderation_status(window)
    return status["submissions"] > 0 and status["without_result"] == 0 and status["moderated"] == status["sampled"]


def moderate(moderator: Any, submission: Submission, passed: bool, reason: str = "") -> Moderation:
    """Confirm the result, or change it (a reason is required); a change appends a new result."""
    window = submission.window
    require_moderator(moderator, window)
    if window.released_at is not None:
        raise ValidationFailed("Results for this task have been released")
    if submission.markings.filter(assessor=moderator).exclude(role=Marking.Role.AGREED).exists():
        raise ValidationFailed("You cannot moderate a submission you marked")
    result = current_result(submission)
    if result is None:
        raise ValidationFailed("This submission has no result to moderate yet")
    changed = result.passed != passed
    if changed and not reason.strip():
        raise ValidationFailed("Enter the reason for changing the result", field="reason")
    with transaction.atomic():
        if Moderation.objects.filter(submission=submission).exists():
            raise ValidationFailed("This submission has already been moderated")
        moderation = Moderation.objects.create(
            submission=submission, moderator=moderator, changed=changed, reason=reason.strip(), reviewed_at=clock.now()
        )
        if changed:
            new = Result.objects.create(
                submission=submission,
                passed=passed,
                total=result.total,
                source=Result.Source.MODERATION,
                reason=reason.strip(),
                recorded_by=moderator,
                recorded_at=clock.now(),
            )
            audit.record(
                Actor.person(moderator),
                "result.changed",
                new,
                before={"passed": result.passed},
                after={"passed": passed, "reason": reason.strip()},
            )
        audit.record(
            Actor.person(moderator),
            "moderation.recorded",
            moderation,
            after={"changed": changed, "reason": reason.strip()},
        )
    return moderation


def _record_outcome(window: Window, release: Release, actor: Actor) -> None:
    """Make the released result the participant's NPQ outcome on their completed declaration."""
    from npq.declarations.outcomes import record_outcome

    submission = release.result.submission
    try:
        record_outcome(
            window.delivery_cohort.lead_provider,
            actor,
            str(submission.participant.ecf_id),
            window.delivery_cohort.course.identifier,
            "passed" if release.result.passed else "failed",
            clock.today(),
        )
    except NPQError as exc:
        release.outcome_note = f"Not yet an outcome: {exc.message}"[:300]
    else:
        release.outcome_recorded = True
        release.outcome_note = "Recorded as the participant's outcome on the completed declaration"
    release.save(update_fields=["outcome_recorded", "outcome_note"])


def release_results(user: Any, window: Window) -> list[Release]:
    """Show every current result to its participant, once moderation is complete."""
    require_moderator(user, window)
    actor = Actor.person(user)
    with transaction.atomic():
        window = Window.objects.select_for_update().get(pk=window.pk)
        if window.released_at is not None:
            raise ValidationFailed("Results for this task have already been released")
        if not moderation_complete(window):
            raise ValidationFailed(
                "Moderation is not complete: every submission needs a result and every "
                "sampled submission needs moderating"
            )
        releases = []
        for sub in live_submissions(window):
            result = current_result(sub)
            assert result is not None
            release = Release.objects.create(result=result, released_by=user, released_at=clock.now())
            _record_outcome(window, release, actor)
            audit.record(
                actor, "result.released", result, after={"passed": result.passed, "outcome": release.outcome_note}
            )
            releases.append(release)
        window.released_at = clock.now()
        window.save(update_fields=["released_at"])
        audit.record(actor, "window.released", window, after={"results": len(releases)})
    return releases
