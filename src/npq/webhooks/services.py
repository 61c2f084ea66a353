"""Webhook use cases: register, rotate and disable endpoints, publish events, replay deliveries.

:func:`publish` runs inside the transaction of the change it announces, so a rolled-back change
announces nothing; the deliveries it creates are sent by jobs (``npq.webhooks.delivery``).
"""

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction

from npq.core import audit, clock, jobs
from npq.core.errors import NotFound, ValidationFailed
from npq.core.identifiers import parse_uuid
from npq.reference.models import LeadProvider
from npq.webhooks import delivery, rules
from npq.webhooks.models import Delivery, Endpoint, Event

#: How long a rotated-out secret keeps signing beside the new one.
ROTATION_OVERLAP = dt.timedelta(hours=24)
MAX_ENDPOINTS = 5


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _checked_events(events: list[str]) -> list[str]:
    valid = {e.value for e in rules.EventType}
    chosen = [e for e in events if e in valid]
    if not chosen or len(chosen) != len(events):
        raise ValidationFailed("Select the events to send to this address", field="events")
    return sorted(set(chosen))


def register_endpoint(provider: LeadProvider, actor: audit.Actor, url: str, events: list[str]) -> Endpoint:
    """Add an endpoint; its secret is shown to the provider once, now."""
    url = url.strip()
    problem = rules.is_acceptable_url(url, https_only=settings.NPQ_WEBHOOKS_HTTPS_ONLY)
    if problem:
        raise ValidationFailed(problem, field="url")
    chosen = _checked_events(events)
    with transaction.atomic():
        if provider.webhook_endpoints.filter(disabled_at__isnull=True).count() >= MAX_ENDPOINTS:
            raise ValidationFailed(f"You can have at most {MAX_ENDPOINTS} webhook addresses", field="url")
        endpoint = Endpoint.objects.create(
            lead_provider=provider, url=url, events=chosen, secret=_new_secret(), created_at=clock.now()
        )
        audit.record(actor, "webhook_endpoint.registered", endpoint, after={"url": url, "events": chosen})
    return endpoint


def endpoint_of(provider: LeadProvider, endpoint_id: int) -> Endpoint:
    """One of this provider's endpoints (another provider's is not found)."""
    endpoint = provider.webhook_endpoints.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound(f"No webhook endpoint {endpoint_id}")
    return endpoint


def rotate_secret(provider: LeadProvider, actor: audit.Actor, endpoint_id: int) -> Endpoint:
    """A new secret signs from now; the old one signs beside it for 24 hours."""
    with transaction.atomic():
        endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_of(provider, endpoint_id).pk)
        endpoint.previous_secret, endpoint.secret = endpoint.secret, _new_secret()
        endpoint.previous_secret_expires_at = clock.now() + ROTATION_OVERLAP
        endpoint.save(update_fields=["previous_secret", "secret", "previous_secret_expires_at"])
        audit.record(
            actor,
            "webhook_endpoint.secret_rotated",
            endpoint,
            after={"old_expires": endpoint.previous_secret_expires_at},
        )
    return endpoint


def disable_endpoint(provider: LeadProvider, actor: audit.Actor, endpoint_id: int) -> Endpoint:
    with transaction.atomic():
        endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_of(provider, endpoint_id).pk)
        if endpoint.disabled_at is None:
            endpoint.disabled_at = clock.now()
            endpoint.save(update_fields=["disabled_at"])
            audit.record(actor, "webhook_endpoint.disabled", endpoint, after={"url": endpoint.url})
    return endpoint


def subscribed(provider_id: int, event_type: rules.EventType) -> list[Endpoint]:
    """The provider's live endpoints that chose this event (one query; usually none)."""
    live = Endpoint.objects.filter(lead_provider_id=provider_id, disabled_at__isnull=True)
    return [e for e in live if event_type.value in e.events]


def publish(
    provider_id: int,
    event_type: rules.EventType,
    order_key: str,
    data: dict[str, Any],
    endpoints: list[Endpoint] | None = None,
) -> Event | None:
    """Announce a change to the provider's endpoints that chose this event (inside the change's transaction)."""
    endpoints = subscribed(provider_id, event_type) if endpoints is None else endpoints
    if not endpoints:
        return None
    now = clock.now()
    with transaction.atomic():
        event = Event.objects.create(
            lead_provider_id=provider_id, type=event_type.value, order_key=order_key, data=data, occurred_at=now
        )
        for endpoint in endpoints:
            _queue(Delivery.objects.create(endpoint=endpoint, event=event, created_at=now))
    return event


def publish_many(
    provider_id: int,
    event_type: rules.EventType,
    announcements: list[tuple[str, dict[str, Any]]],
    endpoints: list[Endpoint] | None = None,
) -> list[Event]:
    """Announce many changes at once, as (order key, data) pairs in the order they happened: like
    :func:`publish` for each, with the events and deliveries written in one insert each."""
    endpoints = subscribed(provider_id, event_type) if endpoints is None else endpoints
    if not endpoints or not announcements:
        return []
    now = clock.now()
    with transaction.atomic():
        events = Event.objects.bulk_create(
            [
                Event(lead_provider_id=provider_id, type=event_type.value, order_key=key, data=data, occurred_at=now)
                for key, data in announcements
            ]
        )
        deliveries = Delivery.objects.bulk_create(
            [Delivery(endpoint=endpoint, event=event, created_at=now) for event in events for endpoint in endpoints]
        )
        waiting = set(
            Delivery.objects.filter(
                endpoint__in=endpoints,
                event__order_key__in={key for key, _ in announcements},
                state__in=delivery.WAITING,
                id__lt=min(d.pk for d in deliveries),
            ).values_list("endpoint_id", "event__order_key")
        )
        # As _queue: the first of each endpoint and participant is sent now unless an earlier one waits;
        # each later one is sent by the job of the one before it.
        send_now = []
        for d in sorted(deliveries, key=lambda d: d.pk):
            key = (d.endpoint_id, d.event.order_key)
            if key not in waiting:
                waiting.add(key)
                send_now.append((d.pk,))
        jobs.enqueue_many(delivery.deliver, send_now)
    return events


def _queue(new: Delivery) -> None:
    """Send now unless an earlier delivery for the same participant is still waiting: that one's job
    sends this one when it is done, so one participant's events arrive in order."""
    if not delivery.earlier_waiting(new).exists():
        jobs.enqueue(delivery.deliver, new.pk)


def replay_delivery(provider: LeadProvider, actor: audit.Actor, delivery_id: str) -> Delivery:
    """Send a delivery's event again to its endpoint, as a new delivery (with its own id)."""
    found = parse_uuid(delivery_id)
    rows = Delivery.objects.filter(endpoint__lead_provider=provider).select_related("event")
    original = rows.filter(ecf_id=found).first() if found else None
    if original is None:
        raise NotFound(f"No webhook delivery {delivery_id}")
    with transaction.atomic():
        replay = Delivery.objects.create(
            endpoint=original.endpoint, event=original.event, replay_of=original, created_at=clock.now()
        )
        _queue(replay)
        audit.record(actor, "webhook_delivery.replayed", replay, after={"replay_of": str(original.ecf_id)})
    return replay


def deliveries_for(provider: LeadProvider) -> Any:
    return Delivery.objects.filter(endpoint__lead_provider=provider).select_related("event", "endpoint")
