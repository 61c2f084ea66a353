"""The audit trail: one append-only row for every change of state."""

from django.db import models


class AuditEvent(models.Model):
    """Who did what to which record, with the values before and after, at what time.

    Written by ``npq.core.audit.record`` inside the same transaction as the change, so a change
    without its event (or an event without its change) cannot be committed.
    """

    class ActorType(models.TextChoices):
        PERSON = "person"
        PROVIDER_TOKEN = "provider_token"
        COMMAND = "command"
        JOB = "job"
        SYSTEM = "system"

    occurred_at = models.DateTimeField(db_index=True)
    actor_type = models.CharField(max_length=20, choices=ActorType.choices)
    actor_id = models.CharField(max_length=64, blank=True)
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["object_type", "object_id", "occurred_at"], name="audit_object_idx"),
            models.Index(fields=["actor_type", "actor_id", "occurred_at"], name="audit_actor_idx"),
        ]
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
