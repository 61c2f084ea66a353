"""Declarations tell lead providers' webhooks when a declaration is created or changes state."""

from typing import Any

from npq.core.audit import Actor
from npq.webhooks.rules import EventType
from npq.webhooks.services import publish, subscribed


def declaration_changed(declaration: Any, actor: Actor) -> None:
    """Listener on ``declarations.hooks.declaration_changed`` (inside the declaration's transaction)."""
    endpoints = subscribed(declaration.lead_provider_id, EventType.DECLARATION_STATE_CHANGED)
    if not endpoints:  # the usual case: no query for the participant either
        return
    participant = str(declaration.participant.ecf_id)
    publish(
        declaration.lead_provider_id,
        EventType.DECLARATION_STATE_CHANGED,
        participant,
        {"declaration_id": str(declaration.ecf_id), "participant_id": participant, "state": declaration.state},
        endpoints,
    )
