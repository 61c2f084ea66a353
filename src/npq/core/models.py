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


class SentEmail(models.Model):
    """One email the platform sent or tried to send: to whom, what kind, when, and how it went.

    The body is never stored here (a sign-in code or a private link would be a secret at rest);
    the subject and the kind say what the email was.
    """

    class Outcome(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        RETRYING = "retrying", "Failed, will retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField()
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=200)
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    backend = models.CharField(max_length=80, blank=True)

    class Meta:
        indexes = [models.Index(fields=["to", "queued_at"], name="sent_email_to_idx")]
        ordering = ["-queued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.outcome})"


class ScheduleRun(models.Model):
    """One due time of a scheduled job, enqueued once: the unique pair stops two workers doubling it."""

    name = models.CharField(max_length=80)
    due_at = models.DateTimeField()
    enqueued_at = models.DateTimeField()
    job_id = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="schedule_run_once_per_due_time")]
        ordering = ["name", "-due_at"]

    def __str__(self) -> str:
        return f"{self.name} due {self.due_at:%Y-%m-%d %H:%M}"
