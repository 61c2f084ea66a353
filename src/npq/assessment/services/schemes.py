"""A provider's mark scheme for a task it may use: an official task of a published framework
version, or one of its own (never another provider's)."""

from typing import Any

from django.db import transaction

from npq.assessment import rules
from npq.assessment.models import MarkScheme
from npq.core import audit
from npq.core.audit import Actor
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.frameworks import versions
from npq.frameworks.models import AssessmentTask, FrameworkStatus


def usable_tasks(provider_id: int) -> Any:
    """Tasks a provider may write a mark scheme for: official or its own, of a published version."""
    return versions.visible_tasks(provider_id).filter(framework__status=FrameworkStatus.PUBLISHED)


def create_mark_scheme(
    user: Any,
    task: AssessmentTask,
    name: str,
    pass_mark: int | None,
    must_meet: list[str],
    second_marking: bool,
    sample_percent: int | None,
    resubmissions_allowed: int | None,
) -> MarkScheme:
    """A mark scheme in the standard bands (not met, met, exceeded) for ``task``."""
    provider_id = getattr(user, "lead_provider_id", None)
    if getattr(user, "role", None) != "lead_provider" or provider_id is None:
        raise PermissionDenied(f"{getattr(user, 'email', user)} cannot write mark schemes")
    if task.lead_provider_id not in (None, provider_id):
        raise PermissionDenied(f"Task {task.pk} is another provider's")
    if task.framework.status != FrameworkStatus.PUBLISHED:
        raise ValidationFailed(
            f"{task.title} is a task of {versions.name_of(task.framework)}, which is "
            f"{task.framework.get_status_display().lower()}: write mark schemes for tasks of the version in effect",
            field="name",
        )
    codes = list(task.criteria.order_by("position").values_list("code", flat=True))
    problems = rules.scheme_problems(name, pass_mark, len(codes), sample_percent, resubmissions_allowed)
    unknown = [c for c in must_meet if c not in codes]
    if unknown:
        problems.append(("must_meet", f"{unknown[0]} is not a criterion of {task.title}"))
    if problems or pass_mark is None or sample_percent is None or resubmissions_allowed is None:
        raise ValidationFailed(problems[0][1], field=problems[0][0])  # the rules report each missing number
    with transaction.atomic():
        scheme = MarkScheme.objects.create(
            lead_provider_id=provider_id,
            task=task,
            name=name.strip(),
            bands=[{"key": b.key, "label": b.label, "score": b.score, "meets": b.meets} for b in rules.STANDARD_BANDS],
            pass_mark=pass_mark,
            second_marking=second_marking,
            tolerance=0,
            sample_percent=sample_percent,
            resubmissions_allowed=resubmissions_allowed,
        )
        scheme.must_meet.set(task.criteria.filter(code__in=must_meet))
        after = audit.snapshot(scheme, ["name", "task_id", "pass_mark", "second_marking", "sample_percent"])
        audit.record(Actor.person(user), "mark_scheme.created", scheme, after={**after, "must_meet": sorted(must_meet)})
    return scheme
