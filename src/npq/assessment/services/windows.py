"""Setting a task to a cohort of delivery with its deadlines, and changing them (provider users)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from npq.assessment import rules
from npq.assessment.models import MarkScheme, Window
from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.delivery.models import DeliveryCohort
from npq.frameworks import versions
from npq.frameworks.models import AssessmentTask
from npq.frameworks.rules import VersionChoice

FIELDS = ["deadline", "resubmission_deadline"]


def _require_provider_user(user: Any, dc: DeliveryCohort) -> None:
    if getattr(user, "role", None) != "lead_provider" or user.lead_provider_id != dc.lead_provider_id:
        raise PermissionDenied(f"{user.email} cannot set tasks for cohort of delivery {dc.pk}")


def version_of(dc: DeliveryCohort) -> VersionChoice:
    """The framework version the group's training cohort follows for its course."""
    return versions.version_followed(dc.cohort, dc.course)


def tasks_for(dc: DeliveryCohort, choice: VersionChoice | None = None) -> QuerySet[AssessmentTask]:
    """Tasks the group may be set: of the version its cohort follows, official or the provider's own."""
    choice = choice or version_of(dc)
    if choice.version is None:
        return AssessmentTask.objects.none()
    return versions.tasks_for(choice.version.id, dc.course, dc.lead_provider_id)


def schemes_for(dc: DeliveryCohort, choice: VersionChoice | None = None) -> QuerySet[MarkScheme]:
    """The provider's mark schemes for those tasks."""
    return (
        MarkScheme.objects.filter(lead_provider_id=dc.lead_provider_id, task__in=tasks_for(dc, choice))
        .select_related("task")
        .order_by("task__position", "name")
    )


def _why_not(dc: DeliveryCohort, scheme: MarkScheme, choice: VersionChoice) -> str:
    task = scheme.task
    if scheme.lead_provider_id != dc.lead_provider_id or task.lead_provider_id not in (None, dc.lead_provider_id):
        return f"{scheme.name} is not one of your mark schemes"
    if choice.version is None:
        return f"{dc.name} cannot be set a task yet: {choice.reason}"
    if task.framework_id != choice.version.id:
        return (
            f"{task.title} is a task of {versions.name_of(task.framework)}. {choice.reason}, "
            "so set a task of that version"
        )
    return f"{scheme.name} is not one of your mark schemes for {dc.course.name}"


def _check(now: dt.datetime, deadline: dt.datetime, resubmission: dt.datetime | None, new: bool) -> None:
    problems = rules.deadline_problems(now, deadline, resubmission, new=new)
    if problems:
        raise ValidationFailed(problems[0][1], field=problems[0][0])


def set_window(
    user: Any, dc: DeliveryCohort, scheme: MarkScheme, deadline: dt.datetime, resubmission: dt.datetime | None
) -> Window:
    _require_provider_user(user, dc)
    choice = version_of(dc)
    if not schemes_for(dc, choice).filter(pk=scheme.pk).exists():
        raise ValidationFailed(_why_not(dc, scheme, choice), field="scheme")
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
