"""The report: drafted from the evidence, checked by a second inspector, published (closing every
inspector's access), answered by the provider."""

from typing import Any

from django.db import transaction

from npq.core import clock
from npq.core.audit import Actor, record
from npq.core.errors import ValidationFailed
from npq.quality import rules
from npq.quality.models import Inspection
from npq.quality.services.inspections import current_grades


def draft_report(user: Any, inspection: Inspection, text: str, areas: list[str], action: rules.Action | None) -> None:
    if inspection.stage not in (rules.Stage.NOTIFIED, rules.Stage.DRAFTED):
        raise ValidationFailed("The report has been checked and can no longer change", field="report")
    if inspection.kind == rules.Kind.MONITORING and action is None:
        raise ValidationFailed("Choose whether leaders are taking effective action", field="action")
    if inspection.kind == rules.Kind.FULL:
        problems = rules.grade_problems(current_grades(inspection))
        if problems:
            raise ValidationFailed(problems[0], field="report")
    with transaction.atomic():
        before = {"stage": inspection.stage}
        inspection.report, inspection.areas_for_improvement = text, [a for a in areas if a.strip()]
        inspection.action = action or ""
        inspection.stage, inspection.drafted_by = rules.Stage.DRAFTED, user
        inspection.save()
        record(Actor.person(user), "inspection.report_drafted", inspection, before=before, after={"stage": "drafted"})


def check_report(user: Any, inspection: Inspection) -> None:
    """A second inspector, never the one who drafted it, confirms the report."""
    if inspection.stage != rules.Stage.DRAFTED:
        raise ValidationFailed("Only a drafted report can be checked", field="confirm")
    if inspection.drafted_by_id == user.pk:
        raise ValidationFailed("A second inspector must check the report you drafted", field="confirm")
    with transaction.atomic():
        inspection.stage, inspection.checked_by, inspection.checked_at = rules.Stage.CHECKED, user, clock.now()
        inspection.save()
        record(Actor.person(user), "inspection.report_checked", inspection, after={"stage": "checked"})


def publish_report(user: Any, inspection: Inspection) -> None:
    """Publish the checked report, set when the next inspection is due, and end every grant."""
    if inspection.stage != rules.Stage.CHECKED:
        raise ValidationFailed("Only a checked report can be published", field="confirm")
    if inspection.lead_inspector_id != user.pk:
        raise ValidationFailed("Only the lead inspector publishes the report", field="confirm")
    now = clock.now()
    grades = current_grades(inspection)
    with transaction.atomic():
        inspection.stage, inspection.published_at = rules.Stage.PUBLISHED, now
        inspection.next_due_on = rules.next_inspection_due(
            rules.Kind(inspection.kind),
            clock.today(),
            rules.Action(inspection.action) if inspection.action else None,
            grades.get(rules.Area.OVERALL),
        )
        inspection.save()
        ended = inspection.grants.filter(ends_at__isnull=True).update(ends_at=now)
        record(
            Actor.person(user),
            "inspection.report_published",
            inspection,
            after={"next_due_on": inspection.next_due_on, "grants_ended": ended},
        )


def publish_response(user: Any, inspection: Inspection, text: str) -> None:
    """The provider's published response, shown beside the report."""
    if inspection.stage != rules.Stage.PUBLISHED:
        raise ValidationFailed("You can respond once the report is published", field="response")
    if not text.strip():
        raise ValidationFailed("Enter your response", field="response")
    with transaction.atomic():
        inspection.response, inspection.response_published_at = text.strip(), clock.now()
        inspection.save()
        record(Actor.person(user), "inspection.response_published", inspection)
