"""Awards of a qualification, the keys that sign their credentials, and the verification rate window."""

import uuid

from django.conf import settings
from django.db import models

from npq.declarations.models import Declaration, ParticipantOutcome
from npq.frameworks.models import Framework
from npq.reference.models import Cohort, Course, LeadProvider


class SigningKey(models.Model):
    """A public key the platform has signed credentials with. Rows are never deleted: after a key
    is rotated out, the credentials it signed still verify against the key published here. The
    private key is never stored (it comes from the environment)."""

    kid = models.CharField(max_length=40, unique=True)
    public_key_multibase = models.CharField(max_length=60, unique=True)
    first_used_at = models.DateTimeField()

    class Meta:
        ordering = ["first_used_at", "id"]

    def __str__(self) -> str:
        return self.kid


class Award(models.Model):
    """A participant holds an NPQ: made once from a passed outcome on a live completed declaration.

    The award's facts and its signed credential are never edited. Revocation is a one-way change
    (``revoked_at`` and a reason, set once); a later pass makes a new award with a new number, so
    the history of a person's awards is the list of rows. At most one award per participant and
    course is in force, which the database enforces."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4)
    certificate_number = models.CharField(max_length=16, unique=True)
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="awards")
    name = models.CharField(max_length=200, help_text="The participant's name when awarded, as printed")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="awards")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="awards")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="awards")
    framework = models.ForeignKey(Framework, null=True, blank=True, on_delete=models.PROTECT, related_name="awards")
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="awards")
    outcome = models.OneToOneField(ParticipantOutcome, on_delete=models.PROTECT, related_name="award")
    awarded_on = models.DateField(help_text="The completion date of the passed outcome")
    issued_at = models.DateTimeField()
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="awards")
    credential = models.TextField(help_text="The signed Open Badges 3.0 credential, byte for byte as issued")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "course"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_award_in_force_per_course",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                name="award_revocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "course", "lead_provider", "issued_at"], name="award_record"),
            models.Index(fields=["lead_provider", "issued_at"], name="award_provider"),
        ]

    def __str__(self) -> str:
        return f"Award {self.certificate_number} ({self.course_id})"

    @property
    def display_number(self) -> str:
        return "-".join(self.certificate_number[i : i + 4] for i in range(0, 16, 4))

    @property
    def status_index(self) -> int:
        """Its place in the status lists: the row id, so it is unique and never reused."""
        return int(self.pk)


class VerificationWindow(models.Model):
    """Verification checks counted per client (a keyed hash of the address, never the address) in
    fixed windows, in the database so that every web process shares the count."""

    client = models.CharField(max_length=64)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "window_start"], name="verification_window_unique")]
