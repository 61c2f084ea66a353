"""Setting a task to a cohort of delivery with its deadlines, and changing them (provider users)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from npq.assessment import rules
from npq.assessment.models import MarkScheme, Window
from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.delivery.models import DeliveryCohort

FIELDS = ["deadline", "resubmission_deadline"]


def _require_provider_user(user: Any, dc: DeliveryCohort) -> None:
    if getattr(user, "role", None) != "lead_provider" or user.lead_provider_id != dc.lead_provider_id:
        raise PermissionDenied(f"{user.email} cannot set tasks for cohort of delivery {dc.pk}")


def schemes_for(dc: DeliveryCohort) -> QuerySet[MarkScheme]:
    """The provider's mark schemes for tasks of the cohort's course (an older framework's
    qualification without a course matches by the course's short code, such as NPQH)."""
    return (
        MarkScheme.objects.filter(lead_provider_id=dc.lead_provider_id)
        .filter(
            Q(task__qualification__course_id=dc.course_id)
            | Q(task__qualification__course__isnull=True, task__qualification__code=dc.course.short_code)
        )
        .select_related("task")
        .order_by("task__position", "name")
    )


def _check(now: dt.datetime, deadline: dt.datetime, resubmission: dt.datetime | None, new: bool) -> None:
    problems = rules.deadline_problems(now, deadline, resubmission, new=new)
    if problems:
        raise ValidationFailed(problems[0][1], field=problems[0][0])


def set_window(
    user: Any, dc: DeliveryCohort, scheme: MarkScheme, deadline: dt.datetime, resubmission: dt.datetime | None
) -> Window:
    _require_provider_user(user, dc)
    if not schemes_for(dc).filter(pk=scheme.pk).exists():
        raise ValidationFailed(f"{scheme.name} is not one of your mark schemes for {dc.course.name}", field="scheme")
    _check(clock.now(), deadline, resubmission, new=True)
    with transaction.atomic():
        DeliveryCohort.objects.select_for_update().get(pk=dc.pk)
        if Window.objects.filter(delivery_cohort=dc, scheme__task_id=scheme.task_id).exists():
            raise ValidationFailed(f"{scheme.task.title} is already set to {dc.name}", field="scheme")
        window = Window.objects.create(
            delivery_cohort=dc, scheme=scheme, deadline=deadline, resubmission_deadline=resubmission
        )
        audit.record(Actor.person(user), "window.set", window, after=audit.snapshot(window))
    return window


def change_deadlines(user: Any, window: Window, deadline: dt.datetime, resubmission: dt.datetime | None) -> Window:
    """Move the deadlines of a task window; participants' extensions stay as granted."""
    _require_provider_user(user, window.delivery_cohort)
    _check(clock.now(), deadline, resubmission, new=False)
    with transaction.atomic():
        window = Window.objects.select_for_update().get(pk=window.pk)
        before = audit.snapshot(window, FIELDS)
        window.deadline, window.resubmission_deadline = deadline, resubmission
        window.save(update_fields=FIELDS)
        after = audit.snapshot(window, FIELDS)
        if after != before:
            audit.record(Actor.person(user), "window.deadlines_changed", window, before=before, after=after)
    return window
