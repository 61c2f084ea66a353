"""Assessment's section on a provider's participant record page (``training.hooks.record_sections``)."""

from typing import Any

from npq.assessment.models import Result, Submission


def assessment_section(application: Any) -> tuple[str, list[str]]:
    """Each attempt at this course's tasks with this provider; a result shows once it is released,
    as the participant sees it (before release it is still open to moderation)."""
    submissions = (
        Submission.objects.filter(
            participant_id=application.user_id,
            window__delivery_cohort__lead_provider_id=application.lead_provider_id,
            window__delivery_cohort__course_id=application.course_id,
        )
        .exclude(status=Submission.Status.SUPERSEDED)
        .select_related("window__scheme__task")
        .defer(*Submission.HEAVY)
        .order_by("submitted_at", "id")
    )
    lines = []
    for sub in submissions:
        latest = Result.objects.filter(submission=sub).select_related("release").order_by("-recorded_at", "-id").first()
        if latest is not None and hasattr(latest, "release"):
            outcome = (
                f"{'passed' if latest.passed else 'not passed'}, released on {latest.release.released_at:%-d %B %Y}"
            )
        elif latest is not None:
            outcome = "result recorded, not yet released"
        else:
            outcome = sub.get_status_display().lower()
        lines.append(
            f"{sub.window.scheme.task.title}, attempt {sub.attempt}, submitted {sub.submitted_at:%-d %B %Y}: {outcome}"
        )
    return "Assessment", lines or ["Nothing submitted yet"]
