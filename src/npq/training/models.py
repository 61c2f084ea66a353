"""Training status history: one row per change of an accepted application's training status."""

from django.db import models

from npq.core import labels
from npq.reference.models import LeadProvider
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
