"""Helpers shared by the assessment services: the scheme as rules values, and who may do what."""

from typing import Any

from npq.assessment import rules
from npq.assessment.models import MarkScheme, ModeratorAssignment, Release, Result, Submission, Window
from npq.core.errors import PermissionDenied


def scheme_rules(scheme: MarkScheme) -> rules.Scheme:
    criteria = tuple(scheme.task.criteria.order_by("position", "code").values_list("code", flat=True))
    bands = tuple(rules.Band(b["key"], b["label"], int(b["score"]), bool(b["meets"])) for b in scheme.bands)
    must = frozenset(scheme.must_meet.values_list("code", flat=True))
    return rules.Scheme(criteria=criteria, bands=bands, pass_mark=scheme.pass_mark, must_meet=must)


def is_moderator(user: Any, provider_id: int) -> bool:
    return (
        getattr(user, "role", None) == "assessor"
        and ModeratorAssignment.objects.filter(user=user, lead_provider_id=provider_id).exists()
    )


def require_assessor(user: Any, window: Window) -> None:
    if getattr(user, "role", None) != "assessor" or user.lead_provider_id != window.delivery_cohort.lead_provider_id:
        raise PermissionDenied(f"{user.email} does not assess for this provider")


def require_moderator(user: Any, window: Window) -> None:
    if not is_moderator(user, window.delivery_cohort.lead_provider_id):
        raise PermissionDenied(f"{user.email} does not moderate for this provider")


def current_result(submission: Submission) -> Result | None:
    """The latest result (read from prefetched results when a list has them)."""
    return max(submission.results.all(), key=lambda r: (r.recorded_at, r.pk), default=None)


def released_result(submission: Submission) -> Result | None:
    release = Release.objects.filter(result__submission=submission).select_related("result").first()
    return release.result if release else None
