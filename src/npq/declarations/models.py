"""Declarations (a provider says a participant reached a milestone) and participant outcomes."""

import uuid

from django.conf import settings
from django.db import models

from npq.core import labels
from npq.declarations import rules
from npq.reference.models import Cohort, Course, DeliveryPartner, LeadProvider
from npq.registration.models import Application

LIVE_STATES = sorted(s.value for s in rules.LIVE)


class Declaration(models.Model):
    """A lead provider's claim that a participant reached a milestone (started, retained, completed).

    At most one live declaration (submitted, eligible, payable or paid) per application and type:
    the database enforces it with a partial unique index, so a payment can never be made twice.
    """

    ecf_id = models.UUIDField(unique=True, default=uuid.uuid4)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="declarations")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="declarations")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="declarations")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="declarations")
    declaration_type = models.CharField(max_length=12, choices=[(t.value, t.value) for t in rules.DeclarationType])
    declaration_date = models.DateTimeField()
    state = models.CharField(max_length=20, choices=labels.choices("declaration_state", rules.State))
    state_reason = models.CharField(max_length=40, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delivery_partner = models.ForeignKey(
        DeliveryPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    secondary_delivery_partner = models.ForeignKey(
        DeliveryPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="secondary_declarations"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "declaration_type"],
                condition=models.Q(state__in=LIVE_STATES),
                name="one_live_declaration_per_type",
            ),
        ]
        indexes = [
            models.Index(fields=["lead_provider", "updated_at", "id"], name="declaration_provider_updated"),
            models.Index(fields=["cohort", "state"], name="declaration_cohort_state"),
        ]

    def __str__(self) -> str:
        return f"Declaration {self.ecf_id} ({self.declaration_type}, {self.state})"


class DeclarationStateChange(models.Model):
    """Append-only history of a declaration's states, with the reason for each change."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="state_changes")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    reason = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]


class OutcomeState(models.TextChoices):
    PASSED = "passed"
    FAILED = "failed"
    VOIDED = "voided"


class ParticipantOutcome(models.Model):
    """Whether a participant passed the NPQ, attached to the completed declaration. Appended, never
    edited: the latest one per declaration is the current outcome."""

    ecf_id = models.UUIDField(unique=True, default=uuid.uuid4)
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="outcomes")
    state = models.CharField(max_length=8, choices=OutcomeState.choices)
    completion_date = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["declaration", "created_at"], name="outcome_declaration_created")]

    def __str__(self) -> str:
        return f"Outcome {self.state} on {self.completion_date}"
