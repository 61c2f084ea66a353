"""Moderation (a sample of each assessor's marking), changing a result, and release."""

from typing import Any

from django.db import transaction

from npq.assessment import rules
from npq.assessment.models import Marking, Moderation, Release, Result, Submission, Window
from npq.assessment.services.common import current_result, require_moderator
from npq.assessment.services.outcomes import link_outcome
from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import ValidationFailed


def live_submissions(window: Window) -> list[Submission]:
    return list(
        window.submissions.exclude(status=Submission.Status.SUPERSEDED)
        .select_related("participant")
        .prefetch_related("markings", "results")
        .defer(*Submission.HEAVY)
        .order_by("candidate_number", "attempt")
    )


def released_ids(window: Window) -> set[int]:
    return set(
        Release.objects.filter(result__submission__window=window).values_list("result__submission_id", flat=True)
    )


def _batch(window: Window, subs: list[Submission] | None = None) -> list[Submission]:
    """Submissions with a result that has not been released yet: what the next release shows."""
    released = released_ids(window)
    return [
        s for s in (subs if subs is not None else live_submissions(window)) if s.results.all() and s.pk not in released
    ]


def sample_ids(window: Window) -> set[int]:
    """The submissions that must be moderated before the next release: the scheme's share of
    each first marker's results that have not been released yet, and every result whose marks
    had to be agreed."""
    by_assessor: dict[str, list[str]] = {}
    agreed: set[str] = set()
    for sub in _batch(window):
        first = next((m for m in sub.markings.all() if m.role == Marking.Role.FIRST), None)
        if first is not None:
            by_assessor.setdefault(str(first.assessor_id), []).append(str(sub.pk))
        if any(m.role == Marking.Role.AGREED for m in sub.markings.all()):
            agreed.add(str(sub.pk))
    chosen = rules.moderation_sample(by_assessor, window.scheme.sample_percent, seed=f"window-{window.pk}")
    sampled = {i for ids in chosen.values() for i in ids}
    return {int(i) for i in rules.must_moderate(sampled, agreed, set())}


def moderation_status(window: Window) -> dict[str, int]:
    subs = live_submissions(window)
    released = released_ids(window)
    sampled = sample_ids(window)
    moderated = set(Moderation.objects.filter(submission__window=window).values_list("submission_id", flat=True))
    return {
        "submissions": len(subs),
        "without_result": sum(1 for s in subs if not s.results.all()),
        "ready": len(_batch(window, subs)),
        "released": sum(1 for s in subs if s.pk in released),
        "sampled": len(sampled),
        "moderated": len(sampled & moderated),
    }


def moderation_complete(window: Window) -> bool:
    """Results can be released when some are waiting and every sampled one has been moderated."""
    status = moderation_status(window)
    return status["ready"] > 0 and status["moderated"] == status["sampled"]


def moderate(moderator: Any, submission: Submission, passed: bool, reason: str = "") -> Moderation:
    """Confirm the result, or change it (a reason is required); a change appends a new result."""
    window = submission.window
    require_moderator(moderator, window)
    if Release.objects.filter(result__submission=submission).exists():
        raise ValidationFailed("This result has been released")
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


def _sampled_left(count: int) -> str:
    return "1 sampled result needs moderating" if count == 1 else f"{count} sampled results need moderating"


def release_results(user: Any, window: Window) -> list[Release]:
    """Show every result not yet released to its participant, once the sampled ones are
    moderated; each becomes the participant's outcome when every task is decided and the completed
    declaration exists (or later, when the provider makes it)."""
    require_moderator(user, window)
    actor = Actor.person(user)
    with transaction.atomic():
        window = Window.objects.select_for_update().get(pk=window.pk)
        status = moderation_status(window)
        if status["ready"] == 0:
            raise ValidationFailed("There are no results to release: every result has been released or none is ready")
        if status["moderated"] != status["sampled"]:
            raise ValidationFailed(
                f"Moderation is not complete: {_sampled_left(status['sampled'] - status['moderated'])} "
                "before results can be released"
            )
        releases = []
        for sub in _batch(window):
            result = current_result(sub)
            assert result is not None
            release = Release.objects.create(result=result, released_by=user, released_at=clock.now())
            audit.record(actor, "result.released", result, after={"passed": result.passed})
            releases.append(release)
        dc = window.delivery_cohort
        for participant in {r.result.submission.participant for r in releases}:
            link_outcome(dc.lead_provider, dc.course, participant, actor)
        window.released_at = clock.now()
        window.save(update_fields=["released_at"])
        audit.record(actor, "window.released", window, after={"results": len(releases)})
    for release in releases:
        release.refresh_from_db(fields=["outcome_recorded", "outcome_note"])
    return releases
