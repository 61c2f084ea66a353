"""Record audit events.

Every service that changes data calls :func:`record` inside its ``transaction.atomic()`` block.
Actors are explicit values: a person, a lead provider's API token, a command or a job.
"""

import dataclasses
import datetime as dt
import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import models, transaction

from npq.core import clock
from npq.core.models import AuditEvent


@dataclasses.dataclass(frozen=True)
class Actor:
    type: str
    id: str
    label: str

    @classmethod
    def person(cls, user: Any) -> "Actor":
        return cls(AuditEvent.ActorType.PERSON, str(user.pk), getattr(user, "email", str(user)))

    @classmethod
    def provider_token(cls, token: Any) -> "Actor":
        return cls(
            AuditEvent.ActorType.PROVIDER_TOKEN, str(token.pk), f"API token {token.label} ({token.lead_provider})"
        )

    @classmethod
    def command(cls, name: str) -> "Actor":
        return cls(AuditEvent.ActorType.COMMAND, name, f"npq {name}")

    @classmethod
    def job(cls, name: str) -> "Actor":
        return cls(AuditEvent.ActorType.JOB, name, f"job {name}")

    @classmethod
    def system(cls) -> "Actor":
        return cls(AuditEvent.ActorType.SYSTEM, "", "system")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, as JSON-safe values."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def unsaved(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    request_id: str = "",
    occurred_at: dt.datetime | None = None,
) -> AuditEvent:
    """An audit event, not yet saved (for bulk writes: save it in the transaction that made the change)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk or "")
    return AuditEvent(
        occurred_at=occurred_at or clock.now(),
        actor_type=actor.type,
        actor_id=actor.id[:64],
        actor_label=actor.label[:200],
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        object_label=str(obj)[:300] if obj is not None else "",
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        request_id=request_id,
    )


def _require_transaction(action: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit of {action!r} outside a transaction")


def record(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    request_id: str = "",
) -> AuditEvent:
    """Append one audit event. Must run inside the transaction that made the change."""
    _require_transaction(action)
    event = unsaved(
        actor,
        action,
        obj,
        before=before,
        after=after,
        object_type=object_type,
        object_id=object_id,
        request_id=request_id,
    )
    event.save(force_insert=True)
    return event


def record_many(actor: Actor, action: str, objects: list[models.Model], afters: list[Mapping[str, Any]]) -> None:
    """Append one event per object in one insert (for loads of many rows). Same rules as :func:`record`."""
    _require_transaction(action)
    now = clock.now()
    AuditEvent.objects.bulk_create(
        [unsaved(actor, action, obj, after=after, occurred_at=now) for obj, after in zip(objects, afters, strict=True)],
        batch_size=500,
    )


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, for compact before/after pairs."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
