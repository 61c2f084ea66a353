"""Webhook signatures and the events a provider may choose: pure functions, no I/O or clock.

A delivery carries ``Webhook-Id``, ``Webhook-Timestamp`` (Unix seconds) and ``Webhook-Signature``:
``v1=`` and the hex HMAC-SHA256, under the endpoint's secret, of ``"{id}.{timestamp}.{body}"``.
While a rotated secret's overlap lasts, the header carries one ``v1=`` per secret, space separated,
so a receiver holding either secret verifies the delivery.
"""

import hashlib
import hmac
from enum import StrEnum


class EventType(StrEnum):
    APPLICATION_CREATED = "application.created"
    APPLICATION_CHANGED = "application.changed"
    PARTICIPANT_CHANGED = "participant.changed"
    PARTICIPANT_ID_CHANGED = "participant.id_changed"
    DECLARATION_STATE_CHANGED = "declaration.state_changed"
    STATEMENT_PAYABLE = "statement.payable"


LABELS = {
    EventType.APPLICATION_CREATED: "An application is created",
    EventType.APPLICATION_CHANGED: "An application changes",
    EventType.PARTICIPANT_CHANGED: "A participant's details change",
    EventType.PARTICIPANT_ID_CHANGED: "A participant's id changes (duplicate records merged)",
    EventType.DECLARATION_STATE_CHANGED: "A declaration changes state",
    EventType.STATEMENT_PAYABLE: "A statement becomes payable",
}


def signature(secret: str, delivery_id: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``id.timestamp.body`` under ``secret``."""
    message = f"{delivery_id}.{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets: list[str], delivery_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(f"v1={signature(s, delivery_id, timestamp, body)}" for s in secrets)


def verify(
    secret: str, delivery_id: str, timestamp: int, body: bytes, header: str, now: int, tolerance: int = 300
) -> bool:
    """What a receiver does: any ``v1=`` signature matches, and the timestamp is recent (no replays)."""
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, delivery_id, timestamp, body)
    return any(part.startswith("v1=") and hmac.compare_digest(part[3:], expected) for part in header.split())


def is_acceptable_url(url: str, https_only: bool) -> str:
    """An error message for an endpoint URL, or "" if it will do."""
    lowered = url.strip().lower()
    if not lowered.startswith(("https://", "http://")) or len(lowered) < 12:
        return "Enter a full web address, like https://example.com/npq/webhooks"
    if https_only and not lowered.startswith("https://"):
        return "Enter an address that starts with https://"
    return ""
