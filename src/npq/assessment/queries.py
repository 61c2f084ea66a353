"""Read-side queries for assessment pages: what each role may see, and provider pass rates."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from npq.assessment import rules
from npq.assessment.models import CriterionMark, Marking, Release, Submission, Window
from npq.assessment.services import next_role
from npq.core import clock
from npq.delivery import queries as delivery_queries
from npq.delivery import rules as delivery_rules
from npq.delivery.models import Attendance, DeliveryCohort, Membership


def windows_for_participant(user: Any) -> QuerySet[Window]:
    return (
        Window.objects.filter(delivery_cohort__memberships__participant=user)
        .select_related("scheme__task__framework", "scheme__task__lead_provider", "delivery_cohort")
        .prefetch_related("scheme__task__criteria")
    )


def marking_queue(assessor: Any) -> list[tuple[Submission, str]]:
    """Submissions of the assessor's provider with a marking they may do now."""
    subs = (
        Submission.objects.filter(
            window__delivery_cohort__lead_provider_id=assessor.lead_provider_id,
            status__in=[Submission.Status.WAITING, Submission.Status.MARKING],
        )
        .select_related("window__scheme__task", "window__delivery_cohort", "participant")
        .prefetch_related("markings")
        .defer(*Submission.HEAVY)
        .order_by("submitted_at")
    )
    return [(s, role) for s in subs if (role := next_role(s, assessor))]


def provider_windows(provider_id: int) -> QuerySet[Window]:
    return Window.objects.filter(delivery_cohort__lead_provider_id=provider_id).select_related(
        "scheme__task", "delivery_cohort__delivery_partner", "delivery_cohort__course"
    )


def criterion_pass_rates(provider_id: int) -> list[dict[str, Any]]:
    """For each criterion, the share of released submissions whose final marking (agreed if any,
    else first) put it in a band that meets it."""
    released = Release.objects.filter(
        result__submission__window__delivery_cohort__lead_provider_id=provider_id
    ).values_list("result__submission_id", flat=True)
    marks = CriterionMark.objects.filter(
        marking__submission_id__in=list(released), marking__role__in=[Marking.Role.FIRST, Marking.Role.AGREED]
    ).select_related("criterion__task", "marking__submission__window__scheme")
    marks = marks.defer(*(f"marking__submission__{field}" for field in Submission.HEAVY))
    final: dict[tuple[int, int], CriterionMark] = {}
    for mark in marks:
        key = (mark.marking.submission_id, mark.criterion_id)  # a code is unique within its task only
        if key not in final or mark.marking.role == Marking.Role.AGREED:
            final[key] = mark
    totals: dict[int, list[int]] = {}
    criteria: dict[int, Any] = {}
    for (_, criterion_id), mark in final.items():
        meeting = {b["key"] for b in mark.marking.submission.window.scheme.bands if b["meets"]}
        criteria[criterion_id] = mark.criterion
        counts = totals.setdefault(criterion_id, [0, 0])
        counts[0] += int(mark.band in meeting)
        counts[1] += 1
    rows = [
        {
            "code": criteria[pk].code,
            "text": criteria[pk].text,
            "task": criteria[pk].task.title,
            "met": met,
            "total": total,
            "percent": round(100 * met / total),
        }
        for pk, (met, total) in totals.items()
    ]
    return sorted(rows, key=lambda r: (r["task"], r["code"]))


def _released_by(key: str, **filters: Any) -> dict[int, tuple[int, int]]:
    """Released results (all, passed) grouped by ``key``, in one query."""
    rows = (
        Release.objects.filter(**filters)
        .values(key)
        .annotate(n=Count("id"), passed=Count("id", filter=Q(result__passed=True)))
    )
    return {r[key]: (r["n"], r["passed"]) for r in rows}


def progress_by_window(provider_id: int) -> list[dict[str, Any]]:
    windows = provider_windows(provider_id).annotate(
        live=Count("submissions", filter=~Q(submissions__status=Submission.Status.SUPERSEDED), distinct=True),
        members=Count("delivery_cohort__memberships", distinct=True),
    )
    released = _released_by(
        "result__submission__window_id", result__submission__window__delivery_cohort__lead_provider_id=provider_id
    )
    rows = []
    for w in windows:
        total, passed = released.get(w.pk, (0, 0))
        rows.append({"window": w, "submissions": w.live, "members": w.members, "released": total, "passed": passed})
    return rows


def cohort_progress(provider_id: int) -> list[dict[str, Any]]:
    """Per cohort of delivery (and so per delivery partner): members, average engagement,
    sessions held, submissions and released passes, in a fixed number of queries."""
    now = clock.now()
    cohorts = list(
        DeliveryCohort.objects.filter(lead_provider_id=provider_id)
        .select_related("delivery_partner", "course")
        .annotate(
            live=Count(
                "windows__submissions",
                filter=~Q(windows__submissions__status=Submission.Status.SUPERSEDED),
                distinct=True,
            )
        )
    )
    ids = [dc.pk for dc in cohorts]
    due = delivery_queries.due_by_cohort(cohorts, now)
    marks: dict[int, dict[int, dict[int, str]]] = {}
    for dc_id, participant_id in Membership.objects.filter(delivery_cohort_id__in=ids).values_list(
        "delivery_cohort_id", "participant_id"
    ):
        marks.setdefault(dc_id, {})[participant_id] = {}
    every_due = set().union(*due.values()) if due else set()
    attendance = Attendance.objects.filter(session_id__in=every_due)
    for dc_id, participant_id, session_id, status in attendance.values_list(
        "session__delivery_cohort_id", "participant_id", "session_id", "status"
    ):
        if participant_id in marks.get(dc_id, {}):
            marks[dc_id][participant_id][session_id] = status
    released = _released_by(
        "result__submission__window__delivery_cohort_id",
        result__submission__window__delivery_cohort__lead_provider_id=provider_id,
    )
    rows = []
    for dc in cohorts:
        sessions = len(due[dc.pk])
        engagement = [delivery_rules.engagement_over_due(due[dc.pk], m).percent for m in marks.get(dc.pk, {}).values()]
        total, passed = released.get(dc.pk, (0, 0))
        rows.append(
            {
                "dc": dc,
                "members": len(engagement),
                "engagement": round(sum(engagement) / len(engagement)) if engagement else 0,
                "sessions": sessions,
                "submissions": dc.live,
                "released": total,
                "passed": passed,
            }
        )
    return rows


def window_progress(provider_id: int) -> list[dict[str, Any]]:
    """The provider's windows with where their results stand, in one query: 'released' only
    when every live submission's result has been released."""
    live = ~Q(submissions__status=Submission.Status.SUPERSEDED)
    windows = provider_windows(provider_id).annotate(
        live=Count("submissions", filter=live, distinct=True),
        with_result=Count("submissions", filter=live & Q(submissions__results__isnull=False), distinct=True),
        released=Count("submissions", filter=live & Q(submissions__results__release__isnull=False), distinct=True),
    )
    return [
        {
            "window": w,
            "progress": rules.window_progress(w.live, w.live - w.with_result, w.with_result - w.released),
            "released": w.released,
            "live": w.live,
        }
        for w in windows
    ]
