"""Improvement actions: each area for improvement becomes actions with an owner at the provider,
a due date, evidence of completion and a status."""

import datetime as dt
from typing import Any

from django.db import transaction

from npq.core import clock
from npq.core.audit import Actor, record
from npq.core.errors import ValidationFailed
from npq.quality import rules
from npq.quality.models import ImprovementAction, Inspection


def add_action(
    user: Any, inspection: Inspection, area: str, action: str, owner: Any, due_on: dt.date
) -> ImprovementAction:
    if inspection.stage != rules.Stage.PUBLISHED:
        raise ValidationFailed("Actions follow the published report", field="action")
    if area not in inspection.areas_for_improvement:
        raise ValidationFailed("Choose one of the report's areas for improvement", field="area")
    if owner.lead_provider_id != inspection.lead_provider_id:
        raise ValidationFailed("The owner must work for the provider", field="owner")
    with transaction.atomic():
        made = ImprovementAction.objects.create(
            inspection=inspection,
            lead_provider_id=inspection.lead_provider_id,
            area_for_improvement=area,
            action=action,
            owner=owner,
            due_on=due_on,
            status=rules.ActionStatus.OPEN,
            created_at=clock.now(),
        )
        record(Actor.person(user), "improvement.action_added", made, after={"due_on": due_on, "owner": owner.pk})
    return made


def complete_action(user: Any, action: ImprovementAction, evidence: str) -> None:
    if not evidence.strip():
        raise ValidationFailed("Enter the evidence that the action is done", field="evidence")
    if action.status == rules.ActionStatus.DONE:
        raise ValidationFailed("This action is already done", field="evidence")
    with transaction.atomic():
        action.status, action.evidence, action.completed_at = rules.ActionStatus.DONE, evidence.strip(), clock.now()
        action.save()
        record(
            Actor.person(user), "improvement.action_done", action, before={"status": "open"}, after={"status": "done"}
        )
