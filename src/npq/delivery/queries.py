"""Who may see which cohorts of delivery, and engagement figures read from the database."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from npq.delivery import rules
from npq.delivery.models import Attendance, CourseEngagementSetting, DeliveryCohort, Session

STAFF = ("lead_provider", "delivery_partner")


def cohorts_for(user: Any) -> QuerySet[DeliveryCohort]:
    """Cohorts of delivery a user may see: a provider's own; a delivery partner's own or those they
    facilitate (within their provider); a participant's own; all for DfE admins (inspectors read
    a provider's delivery only through an inspection's evidence pack, under a grant)."""
    qs = DeliveryCohort.objects.select_related("lead_provider", "course", "cohort", "delivery_partner")
    role = getattr(user, "role", None)
    if role == "lead_provider":
        return qs.filter(lead_provider=user.lead_provider)
    if role == "delivery_partner":
        return (
            qs.filter(lead_provider=user.lead_provider)
            .filter(Q(delivery_partner=user.delivery_partner) | Q(facilitators=user))
            .distinct()
        )
    if role == "participant":
        return qs.filter(memberships__participant=user)
    if role == "dfe_admin":
        return qs
    return qs.none()


def threshold_for(course_id: int) -> int:
    setting = CourseEngagementSetting.objects.filter(course_id=course_id).first()
    return setting.threshold_percent if setting else 90


def engagement_by_participant(cohort: DeliveryCohort, now: dt.datetime) -> dict[int, rules.Engagement]:
    """Engagement of every member, over the sessions started by ``now``, in two queries."""
    held = Session.objects.filter(delivery_cohort=cohort, starts_at__lte=now).count()
    marks: dict[int, list[str]] = {m.participant_id: [] for m in cohort.memberships.all()}
    rows = Attendance.objects.filter(session__delivery_cohort=cohort, session__starts_at__lte=now)
    for participant_id, status in rows.values_list("participant_id", "status"):
        marks.setdefault(participant_id, []).append(status)
    return {pid: rules.engagement(held, statuses) for pid, statuses in marks.items()}


def engagement_of(cohort: DeliveryCohort, participant_id: int, now: dt.datetime) -> rules.Engagement:
    held = Session.objects.filter(delivery_cohort=cohort, starts_at__lte=now).count()
    statuses = Attendance.objects.filter(
        session__delivery_cohort=cohort, session__starts_at__lte=now, participant_id=participant_id
    ).values_list("status", flat=True)
    return rules.engagement(held, list(statuses))
