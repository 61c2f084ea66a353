"""Training status history: one row per change of an accepted application's training status."""

from django.db import models

from npq.core import labels
from npq.reference.models import DeliveryPartner, LeadProvider
from npq.registration.models import Application
from npq.registration.rules.statuses import TrainingStatus


class ApplicationState(models.Model):
    """Appended, never edited: accept (active), defer, resume and withdraw each add a row."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="states")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=labels.choices("training_status", TrainingStatus))
    reason = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField()
    actor = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        indexes = [models.Index(fields=["application", "state", "created_at"], name="application_state_latest")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.state} ({self.reason or 'no reason'}) at {self.created_at:%Y-%m-%d}"


class PartnerAccess(models.Model):
    """A lead provider's grant to one of its delivery partners: whose staff may act (accept, defer,
    withdraw...) on the participants they see. Without a row, partner staff only read."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="+")
    delivery_partner = models.ForeignKey(DeliveryPartner, on_delete=models.PROTECT, related_name="+")
    can_act = models.BooleanField(default=False)
    granted_at = models.DateTimeField()
    granted_by = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "delivery_partner"], name="partner_access_unique")
        ]
