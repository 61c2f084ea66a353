"""Webhook endpoints a lead provider registers, the events they are told of, and each delivery."""

import uuid

from django.db import models

from npq.reference.models import LeadProvider
from npq.webhooks.rules import EventType


class Endpoint(models.Model):
    """Where one lead provider wants events sent, which events, and the secret that signs them.

    The secret is kept (it must be, to sign); after a rotation the previous one also signs until
    ``previous_secret_expires_at``, so the provider can change its receiver without losing events.
    """

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=80)
    previous_secret = models.CharField(max_length=80, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    disabled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lead_provider_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.url


class Event(models.Model):
    """Something a provider may want to know: what changed, never the data (the API has that)."""

    ecf_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="webhook_events")
    type = models.CharField(max_length=40, choices=[(t.value, t.value) for t in EventType])
    #: Deliveries with the same key go to an endpoint in order (a participant's id, or the statement's).
    order_key = models.CharField(max_length=64)
    data = models.JSONField()
    occurred_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.type} {self.ecf_id}"


class Delivery(models.Model):
    """One event sent to one endpoint, retried with backoff for 24 hours; a replay is a new one."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        RETRYING = "retrying", "Failed, will retry"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed for 24 hours, not retried"

    ecf_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    replay_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["endpoint", "state", "id"], name="webhook_delivery_queue")]
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint}"


class Attempt(models.Model):
    """Each try of a delivery, with the receiver's answer (or the error), for the provider to see."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    attempted_at = models.DateTimeField()
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.CharField(max_length=500, blank=True)
    milliseconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attempted_at", "id"]
