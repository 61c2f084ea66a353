"""Assessment: mark schemes, windows with deadlines, submissions and annexes, extensions,
criterion marking (first, second, agreed), moderation and results."""

from django.conf import settings
from django.db import models

from npq.delivery.models import DeliveryCohort
from npq.frameworks.models import AssessmentTask, Criterion
from npq.reference.models import LeadProvider

USER = settings.AUTH_USER_MODEL


class MarkScheme(models.Model):
    """How one provider marks one task: bands per criterion, pass mark, must-meet criteria and
    its quality-assurance policy (anonymity, second-marking tolerance, moderation share)."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="mark_schemes")
    task = models.ForeignKey(AssessmentTask, on_delete=models.PROTECT, related_name="mark_schemes")
    name = models.CharField(max_length=200)
    bands = models.JSONField(help_text='[{"key": "met", "label": "Met", "score": 1, "meets": true}, ...]')
    pass_mark = models.PositiveIntegerField()
    must_meet = models.ManyToManyField(Criterion, related_name="+", blank=True)
    anonymous = models.BooleanField(default=True)
    second_marking = models.BooleanField(default=True)
    tolerance = models.PositiveSmallIntegerField(default=0, help_text="Largest per-criterion score difference")
    sample_percent = models.PositiveSmallIntegerField(default=20)
    resubmissions_allowed = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(sample_percent__lte=100), name="sample_percent_range")]

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    """One task set to one cohort of delivery, with its deadlines."""

    delivery_cohort = models.ForeignKey(DeliveryCohort, on_delete=models.PROTECT, related_name="windows")
    scheme = models.ForeignKey(MarkScheme, on_delete=models.PROTECT, related_name="windows")
    deadline = models.DateTimeField()
    resubmission_deadline = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["delivery_cohort", "deadline"], name="window_cohort_deadline")]

    def __str__(self) -> str:
        return f"{self.scheme.task.title} – {self.delivery_cohort.name}"


class ModeratorAssignment(models.Model):
    """An assessor-role user allowed to moderate a provider's marking."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="moderator_assignments")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lead_provider"], name="moderator_unique")]


class Extension(models.Model):
    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="extensions")
    participant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField()
    reason = models.CharField(max_length=500)
    granted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()

    class Meta:
        ordering = ["granted_at", "id"]


class Submission(models.Model):
    """One attempt. A new upload is a new row; the earlier one is kept (``superseded``)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for marking"
        MARKING = "marking", "Being marked"
        SUPERSEDED = "superseded", "Replaced"
        RESULTED = "resulted", "Result recorded"

    window = models.ForeignKey(Window, on_delete=models.PROTECT, related_name="submissions")
    participant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="submissions")
    attempt = models.PositiveSmallIntegerField()
    candidate_number = models.CharField(max_length=12)
    file_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=5)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField()
    word_count = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    submitted_at = models.DateTimeField()
    own_work_declared_at = models.DateTimeField(null=True, blank=True)

    HEAVY = ("content", "text")  # the stored file and its text: never loaded for lists

    class Meta:
        ordering = ["window", "participant", "-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["window", "participant", "attempt"], name="submission_attempt")]
        indexes = [models.Index(fields=["window", "status"], name="submission_window_status")]

    def __str__(self) -> str:
        return f"Submission {self.candidate_number} attempt {self.attempt}"


class Draft(models.Model):
    """An upload that passed every check but is not submitted yet: the participant checks what
    will be submitted and declares it is their own work. A new upload replaces it."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="drafts")
    participant = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="assessment_drafts")
    file_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=5)
    content = models.BinaryField()
    text = models.TextField()
    word_count = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["window", "participant"], name="assessment_draft_unique")]


class DraftAnnex(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="annexes")
    file_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=5)
    content = models.BinaryField()
    size = models.PositiveIntegerField()


class Annex(models.Model):
    """A supporting document or annex: kept with the submission, not counted."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="annexes")
    file_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=5)
    content = models.BinaryField()
    size = models.PositiveIntegerField()


class Marking(models.Model):
    class Role(models.TextChoices):
        FIRST = "first", "First marking"
        SECOND = "second", "Second marking (blind)"
        AGREED = "agreed", "Agreed marking"

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="markings")
    role = models.CharField(max_length=6, choices=Role.choices)
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="markings")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "role"], name="marking_role_unique")]


class CriterionMark(models.Model):
    marking = models.ForeignKey(Marking, on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    band = models.CharField(max_length=30)
    score = models.PositiveSmallIntegerField()
    evidence = models.TextField()
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["marking", "criterion"], name="criterion_mark_unique")]


class Moderation(models.Model):
    """A moderator's review of a sampled submission: confirmed or changed (with a reason)."""

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="moderation")
    moderator = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed = models.BooleanField()
    reason = models.TextField(blank=True)
    reviewed_at = models.DateTimeField()


class Result(models.Model):
    """Pass or fail for a submission. Appended, never edited: the latest row is current."""

    class Source(models.TextChoices):
        MARKING = "marking", "Marking"
        AGREEMENT = "agreement", "Agreement after second marking"
        MODERATION = "moderation", "Changed in moderation"

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="results")
    passed = models.BooleanField()
    total = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]


class Release(models.Model):
    """A result shown to the participant; says whether it became their NPQ outcome."""

    result = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="release")
    released_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField()
    outcome_recorded = models.BooleanField(default=False)
    outcome_note = models.CharField(max_length=300, blank=True)
