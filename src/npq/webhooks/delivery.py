"""Sending one delivery: sign, POST, log the answer; retried with backoff for 24 hours.

Order per participant: a delivery is sent only when no earlier delivery of the same endpoint and
participant (``Event.order_key``) is still waiting; when one finishes (delivered, or given up after
24 hours) it queues the next. The delivery's row is locked while it is sent, so two workers never
send it twice.
"""

import datetime as dt
import json
import time
import urllib.error
import urllib.request
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from npq.core import clock, jobs
from npq.webhooks import rules
from npq.webhooks.models import Attempt, Delivery

GIVE_UP_AFTER = dt.timedelta(hours=24)
POLICY = jobs.RetryPolicy(attempts=40, base_seconds=30, cap_seconds=60 * 60, give_up_after=GIVE_UP_AFTER)
TIMEOUT_SECONDS = 10
WAITING = [Delivery.State.PENDING, Delivery.State.RETRYING]


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx; the job runner retries later."""


def earlier_waiting(d: Delivery) -> "QuerySet[Delivery]":
    return Delivery.objects.filter(
        endpoint_id=d.endpoint_id, event__order_key=d.event.order_key, state__in=WAITING, id__lt=d.id
    )


def body_of(d: Delivery) -> bytes:
    event = d.event
    payload = {
        "id": str(d.ecf_id),
        "event_id": str(event.ecf_id),
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "data": event.data,
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - http(s) checked on registration
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, response.read(500).decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(500).decode(errors="replace")
    except (urllib.error.URLError, OSError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]


@jobs.job("Send a webhook", POLICY)
def deliver(delivery_id: int) -> str:
    with transaction.atomic():
        d = Delivery.objects.select_for_update().select_related("endpoint", "event").get(pk=delivery_id)
        if d.state not in WAITING or earlier_waiting(d).exists():
            return "not sent: done already, or waiting for an earlier one"
        now = clock.now()
        endpoint = d.endpoint
        signing = [endpoint.secret]
        if (
            endpoint.previous_secret
            and endpoint.previous_secret_expires_at
            and endpoint.previous_secret_expires_at > now
        ):
            signing.append(endpoint.previous_secret)
        body, stamp = body_of(d), int(now.timestamp())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "NPQ-Platform-Webhooks/1",
            "Webhook-Id": str(d.ecf_id),
            "Webhook-Timestamp": str(stamp),
            "Webhook-Signature": rules.signature_header(signing, str(d.ecf_id), stamp, body),
        }
        began = time.perf_counter()
        status, response = _post(endpoint.url, body, headers) if endpoint.disabled_at is None else (None, "disabled")
        Attempt.objects.create(
            delivery=d,
            attempted_at=now,
            status=status,
            response=response[:500],
            milliseconds=int((time.perf_counter() - began) * 1000),
        )
        d.attempts += 1
        d.last_status, d.last_response = status, response[:500]
        ok = status is not None and 200 <= status < 300
        final = ok or d.attempts >= POLICY.attempts or now - d.created_at >= GIVE_UP_AFTER
        if ok:
            d.state, d.delivered_at = Delivery.State.DELIVERED, now
        else:
            d.state = Delivery.State.FAILED if final else Delivery.State.RETRYING
        d.save(update_fields=["attempts", "last_status", "last_response", "state", "delivered_at"])
        if final:
            _queue_next(d)
    if not final:
        raise DeliveryFailed(f"{endpoint.url} answered {status or response}")
    return d.state


def _queue_next(done: Delivery) -> None:
    following: Any = (
        Delivery.objects.filter(
            endpoint_id=done.endpoint_id, event__order_key=done.event.order_key, state__in=WAITING, id__gt=done.id
        )
        .order_by("id")
        .first()
    )
    if following is not None:
        jobs.enqueue(deliver, following.pk)
