"""Facilitator quality: approving facilitators, observation templates as versions, observations,
and the provider's self-evaluation as versions."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from npq.core import clock
from npq.core.audit import Actor, record
from npq.core.errors import ValidationFailed
from npq.delivery.models import Session
from npq.quality import rules
from npq.quality.models import Facilitator, Observation, ObservationTemplate, SelfEvaluation
from npq.reference.models import DeliveryPartner


def approve_facilitator(
    user: Any, person: Any, partner: DeliveryPartner | None, trained_on: dt.date | None
) -> Facilitator:
    with transaction.atomic():
        made, created = Facilitator.objects.get_or_create(
            lead_provider_id=user.lead_provider_id,
            person=person,
            defaults={
                "delivery_partner": partner,
                "approved_by": user,
                "approved_at": clock.now(),
                "training_completed_on": trained_on,
            },
        )
        if not created:
            raise ValidationFailed(f"{person.full_name} is already approved", field="person")
        record(Actor.person(user), "quality.facilitator_approved", made)
    return made


def save_template(user: Any, name: str, criteria: list[str]) -> ObservationTemplate:
    """A new version of the provider's template (older observations keep the version they used)."""
    criteria = [c.strip() for c in criteria if c.strip()]
    if not criteria:
        raise ValidationFailed("Enter at least one criterion", field="criteria")
    with transaction.atomic():
        latest = ObservationTemplate.objects.filter(lead_provider_id=user.lead_provider_id, name=name).first()
        made = ObservationTemplate.objects.create(
            lead_provider_id=user.lead_provider_id,
            name=name,
            version=(latest.version + 1) if latest else 1,
            criteria=criteria,
            created_at=clock.now(),
        )
        record(Actor.person(user), "quality.template_saved", made, after={"version": made.version})
    return made


def record_observation(
    user: Any,
    template: ObservationTemplate,
    facilitator: Facilitator,
    observed_on: dt.date,
    ratings: Mapping[str, rules.Rating],
    notes: Mapping[str, str],
    session: Session | None = None,
    recording_url: str = "",
    follow_up_on: dt.date | None = None,
) -> Observation:
    provider = user.lead_provider_id
    if template.lead_provider_id != provider or facilitator.lead_provider_id != provider:
        raise ValidationFailed("Choose one of your own templates and facilitators", field="facilitator")
    if session is not None and session.delivery_cohort.lead_provider_id != provider:
        raise ValidationFailed("Choose one of your own sessions", field="session")
    if set(ratings) != {str(i) for i in range(len(template.criteria))}:
        raise ValidationFailed("Rate every criterion of the template", field="ratings")
    with transaction.atomic():
        made = Observation.objects.create(
            template=template,
            lead_provider_id=provider,
            facilitator=facilitator,
            session=session,
            recording_url=recording_url,
            observed_by=user,
            observed_on=observed_on,
            ratings=dict(ratings),
            strengths=notes["strengths"],
            areas_to_develop=notes["areas_to_develop"],
            agreed_actions=notes["agreed_actions"],
            follow_up_on=follow_up_on,
            recorded_at=clock.now(),
        )
        record(Actor.person(user), "quality.observation_recorded", made, after={"facilitator": facilitator.pk})
    return made


def write_self_evaluation(
    user: Any, programme: rules.Programme, grades: Mapping[str, rules.Grade], narrative: Mapping[str, str]
) -> SelfEvaluation:
    """A new version of the provider's self-evaluation; earlier versions stay as they were."""
    with transaction.atomic():
        latest = SelfEvaluation.objects.filter(lead_provider_id=user.lead_provider_id, programme=programme).first()
        made = SelfEvaluation.objects.create(
            lead_provider_id=user.lead_provider_id,
            programme=programme,
            version=(latest.version + 1) if latest else 1,
            grades=dict(grades),
            narrative=dict(narrative),
            written_by=user,
            written_at=clock.now(),
        )
        record(Actor.person(user), "quality.self_evaluation_written", made, after={"version": made.version})
    return made
