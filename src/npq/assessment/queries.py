"""Read-side queries for assessment pages: what each role may see, and provider pass rates."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from npq.assessment.models import CriterionMark, Marking, Release, Submission, Window
from npq.assessment.services import next_role


def windows_for_participant(user: Any) -> QuerySet[Window]:
    return Window.objects.filter(delivery_cohort__memberships__participant=user).select_related(
        "scheme__task", "delivery_cohort"
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
    ).select_related("criterion", "marking__submission__window__scheme")
    final: dict[tuple[int, str], CriterionMark] = {}
    for mark in marks:
        key = (mark.marking.submission_id, mark.criterion.code)
        if key not in final or mark.marking.role == Marking.Role.AGREED:
            final[key] = mark
    totals: dict[str, list[int]] = {}
    texts: dict[str, str] = {}
    for (_, code), mark in final.items():
        meeting = {b["key"] for b in mark.marking.submission.window.scheme.bands if b["meets"]}
        texts[code] = mark.criterion.text
        counts = totals.setdefault(code, [0, 0])
        counts[0] += int(mark.band in meeting)
        counts[1] += 1
    return [
        {"code": code, "text": texts[code], "met": met, "total": total, "percent": round(100 * met / total)}
        for code, (met, total) in sorted(totals.items())
    ]


def progress_by_window(provider_id: int) -> list[dict[str, Any]]:
    rows = []
    windows = provider_windows(provider_id).annotate(
        live=Count("submissions", filter=~Q(submissions__status=Submission.Status.SUPERSEDED)),
        members=Count("delivery_cohort__memberships", distinct=True),
    )
    for w in windows:
        released = Release.objects.filter(result__submission__window=w)
        rows.append(
            {
                "window": w,
                "submissions": w.live,
                "members": w.members,
                "released": released.count(),
                "passed": released.filter(result__passed=True).count(),
            }
        )
    return rows


def cohort_progress(provider_id: int) -> list[dict[str, Any]]:
    """Per cohort of delivery (and so per delivery partner): members, average engagement,
    sessions held, submissions and released passes."""
    from npq.core import clock
    from npq.delivery.models import DeliveryCohort
    from npq.delivery.queries import engagement_by_participant

    rows = []
    cohorts = DeliveryCohort.objects.filter(lead_provider_id=provider_id).select_related("delivery_partner", "course")
    now = clock.now()
    for dc in cohorts:
        engagement = engagement_by_participant(dc, now)
        released = Release.objects.filter(result__submission__window__delivery_cohort=dc)
        rows.append(
            {
                "dc": dc,
                "members": len(engagement),
                "engagement": round(sum(e.percent for e in engagement.values()) / len(engagement)) if engagement else 0,
                "sessions": dc.sessions.filter(starts_at__lte=now).count(),
                "submissions": Submission.objects.filter(window__delivery_cohort=dc)
                .exclude(status=Submission.Status.SUPERSEDED)
                .count(),
                "released": released.count(),
                "passed": released.filter(result__passed=True).count(),
            }
        )
    return rows
