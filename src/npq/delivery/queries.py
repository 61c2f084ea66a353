"""Who may see which cohorts of delivery, and engagement figures read from the database."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, Q, QuerySet

from npq.delivery import rules
from npq.delivery.models import Attendance, CourseEngagementSetting, DeliveryCohort, Session, SignUp
from npq.reference.models import Milestone, Schedule

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


def window_for(cohort_id: int, course_group: str) -> rules.DeliveryWindow | None:
    """The days a cohort of delivery may hold sessions, from its cohort's schedules for the
    course's group (any of the cohort's schedules when none is for that group)."""
    schedules = Schedule.objects.filter(cohort_id=cohort_id)
    if schedules.filter(course_group=course_group).exists():
        schedules = schedules.filter(course_group=course_group)
    spans = list(schedules.values_list("applies_from", "applies_to"))
    last = Milestone.objects.filter(schedule__in=schedules).aggregate(last=Max("deadline"))["last"]
    return rules.delivery_window(spans, [last])


def windows_for(cohorts: Iterable[DeliveryCohort]) -> dict[int, rules.DeliveryWindow | None]:
    """Delivery windows for many cohorts of delivery in two queries."""
    wanted = {(dc.cohort_id, dc.course.group) for dc in cohorts}
    cohort_ids = {c for c, _ in wanted}
    spans: dict[tuple[int, str], list[tuple[dt.date, dt.date]]] = {}
    for cohort_id, group, start, end in Schedule.objects.filter(cohort_id__in=cohort_ids).values_list(
        "cohort_id", "course_group", "applies_from", "applies_to"
    ):
        spans.setdefault((cohort_id, group), []).append((start, end))
        spans.setdefault((cohort_id, ""), []).append((start, end))
    deadlines = {
        (r["schedule__cohort_id"], r["schedule__course_group"]): r["last"]
        for r in Milestone.objects.filter(schedule__cohort_id__in=cohort_ids)
        .values("schedule__cohort_id", "schedule__course_group")
        .annotate(last=Max("deadline"))
    }
    found = {}
    for cohort_id, group in wanted:
        key = (cohort_id, group) if (cohort_id, group) in spans else (cohort_id, "")
        found[(cohort_id, group)] = rules.delivery_window(spans.get(key, []), [deadlines.get(key)])
    return {dc.pk: found[(dc.cohort_id, dc.course.group)] for dc in cohorts}


def session_times(cohort_ids: Iterable[int]) -> dict[int, list[rules.SessionTimes]]:
    """Each cohort of delivery's sessions as the rules read them, in one query."""
    found: dict[int, list[rules.SessionTimes]] = {}
    rows = Session.objects.filter(delivery_cohort_id__in=list(cohort_ids)).values_list(
        "delivery_cohort_id", "pk", "starts_at", "cancelled_at"
    )
    for dc_id, pk, starts_at, cancelled_at in rows:
        found.setdefault(dc_id, []).append(rules.SessionTimes(pk, starts_at, cancelled_at is not None))
    return found


def due_by_cohort(cohorts: Iterable[DeliveryCohort], now: dt.datetime) -> dict[int, set[int]]:
    """The ids of the sessions each cohort of delivery's participants were due at by ``now``."""
    cohorts = list(cohorts)
    windows = windows_for(cohorts)
    times = session_times(dc.pk for dc in cohorts)
    return {dc.pk: rules.due_sessions(times.get(dc.pk, []), now, windows[dc.pk]) for dc in cohorts}


def engagement_by_participant(cohort: DeliveryCohort, now: dt.datetime) -> dict[int, rules.Engagement]:
    """Engagement of every member over the sessions that were due by ``now``."""
    due = due_by_cohort([cohort], now)[cohort.pk]
    marks: dict[int, dict[int, str]] = {m.participant_id: {} for m in cohort.memberships.all()}
    rows = Attendance.objects.filter(session_id__in=due)
    for participant_id, session_id, status in rows.values_list("participant_id", "session_id", "status"):
        if participant_id in marks:
            marks[participant_id][session_id] = status
    return {pid: rules.engagement_over_due(due, statuses) for pid, statuses in marks.items()}


def engagement_of(cohort: DeliveryCohort, participant_id: int, now: dt.datetime) -> rules.Engagement:
    due = due_by_cohort([cohort], now)[cohort.pk]
    statuses = dict(
        Attendance.objects.filter(session_id__in=due, participant_id=participant_id).values_list("session_id", "status")
    )
    return rules.engagement_over_due(due, statuses)


def state_of(session: Session, now: dt.datetime) -> rules.SessionState:
    dc = session.delivery_cohort
    window = window_for(dc.cohort_id, dc.course.group)
    return rules.session_state(session.starts_at, now, session.cancelled_at is not None, window)


def session_rows(dc: DeliveryCohort, user: Any, now: dt.datetime) -> list[dict[str, Any]]:
    """The cohort's sessions as a page lists them: each with its state, and for a participant
    their place or attendance; for staff the places booked and attendance recorded."""
    window = window_for(dc.cohort_id, dc.course.group)
    sessions = list(dc.sessions.select_related("module"))
    booked: dict[int, int] = {}
    mine_booked: set[int] = set()
    for session_id, participant_id in SignUp.objects.filter(
        session__delivery_cohort=dc, cancelled_at__isnull=True, participant__delivery_memberships__delivery_cohort=dc
    ).values_list("session_id", "participant_id"):
        booked[session_id] = booked.get(session_id, 0) + 1
        if participant_id == user.pk:
            mine_booked.add(session_id)
    attended: dict[int, int] = {}
    mine: dict[int, str] = {}
    for session_id, participant_id, status in Attendance.objects.filter(session__delivery_cohort=dc).values_list(
        "session_id", "participant_id", "status"
    ):
        if status != rules.Attendance.ABSENT:
            attended[session_id] = attended.get(session_id, 0) + 1
        if participant_id == user.pk:
            mine[session_id] = status
    rows = []
    for s in sessions:
        state = rules.session_state(s.starts_at, now, s.cancelled_at is not None, window)
        rows.append(
            {
                "session": s,
                "state": state,
                "booked": booked.get(s.pk, 0),
                "attended": attended.get(s.pk, 0),
                "place": rules.your_place(state, s.pk in mine_booked, mine.get(s.pk)),
            }
        )
    return rows
