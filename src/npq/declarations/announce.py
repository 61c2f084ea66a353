"""Declarations tell lead providers' webhooks when a declaration is created or changes state."""

from typing import Any

from npq.core.audit import Actor
from npq.webhooks.rules import EventType
from npq.webhooks.services import publish, publish_many, subscribed


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


def declarations_created(declarations: list[Any], actor: Actor) -> None:
    """Listener on ``declarations.hooks.declarations_created``: one event per declaration, written together."""
    by_provider: dict[int, list[Any]] = {}
    for declaration in declarations:
        by_provider.setdefault(declaration.lead_provider_id, []).append(declaration)
    for provider_id, made in by_provider.items():
        endpoints = subscribed(provider_id, EventType.DECLARATION_STATE_CHANGED)
        if not endpoints:  # the usual case: one query for the whole batch
            continue
        announcements = []
        for d in made:
            participant = str(d.participant.ecf_id)
            data = {"declaration_id": str(d.ecf_id), "participant_id": participant, "state": d.state}
            announcements.append((participant, data))
        publish_many(provider_id, EventType.DECLARATION_STATE_CHANGED, announcements, endpoints)
