"""Delivery's section on a provider's participant record page (``training.hooks.record_sections``)."""

from typing import Any

from npq.core import clock
from npq.delivery import queries
from npq.delivery.models import CheckpointResponse, Membership, SelfEvaluation


def delivery_section(application: Any) -> tuple[str, list[str]]:
    """The participant's cohorts of delivery for this course with this provider, with engagement."""
    memberships = Membership.objects.filter(
        participant_id=application.user_id,
        delivery_cohort__lead_provider_id=application.lead_provider_id,
        delivery_cohort__course_id=application.course_id,
    ).select_related("delivery_cohort__delivery_partner")
    threshold = queries.threshold_for(application.course_id)
    lines = []
    for membership in memberships:
        cohort = membership.delivery_cohort
        engagement = queries.engagement_of(cohort, application.user_id, clock.now())
        partner = f" with {cohort.delivery_partner.name}" if cohort.delivery_partner else ""
        meets = "meets" if engagement.meets(threshold) else "below"
        lines.append(
            f"{cohort.name}{partner}: engagement {engagement.percent}% over {engagement.sessions_held} sessions held "
            f"({meets} the {threshold}% needed for the assessment)"
        )
        answered = CheckpointResponse.objects.filter(
            checkpoint__delivery_cohort=cohort, participant_id=application.user_id
        ).count()
        evaluated = SelfEvaluation.objects.filter(delivery_cohort=cohort, participant_id=application.user_id).exists()
        lines.append(
            f"{cohort.name}: {answered} checkpoint{'s' if answered != 1 else ''} answered; "
            f"self-evaluation {'done' if evaluated else 'not done yet'}"
        )
    return "Delivery", lines or ["Not in a cohort of delivery for this course yet"]
