"""Frameworks as versioned data, and the curricula lead providers map onto them.

A framework version is loaded whole from a YAML file (see docs/frameworks.md) and, once
published, never changes: a review is a new version with its own rows. Statements and criteria
keep stable ids across versions so versions can be compared.
"""

from django.conf import settings
from django.db import models

from npq.reference.models import Course, LeadProvider


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class StatementKind(models.TextChoices):
    LEARN_THAT = "learn_that", "Learn that"
    LEARN_HOW_TO = "learn_how_to", "Learn how to"
    LEARN_ABOUT = "learn_about", "Learn about"


class DeliveryMode(models.TextChoices):
    SELF_STUDY = "self_study", "Self-study"
    FACE_TO_FACE = "face_to_face", "Face-to-face seminar"
    LIVE_VIDEO = "live_video", "Live video"
    COACHING = "coaching", "Coaching"


class Framework(models.Model):
    """One version of one framework (``key`` names the family, e.g. ``npq-2017``)."""

    key = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT)
    effective_from = models.DateField(null=True, blank=True)
    effective_to = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True, help_text="Where the content comes from, and what is not official text")
    document_refs = models.JSONField(default=list, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["key", "version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="framework_key_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="framework_version_positive"),
        ]
        indexes = [models.Index(fields=["status"], name="framework_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == FrameworkStatus.DRAFT


class Qualification(models.Model):
    """A level (2017: NPQML, NPQSL, NPQH, NPQEL) or reformed course a framework applies to."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="qualifications")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    audience = models.CharField(max_length=300, blank=True)
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["framework", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="qualification_code_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ContentArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="content_areas")
    key = models.SlugField(max_length=80)
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    qualifications = models.ManyToManyField(Qualification, related_name="content_areas")

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="content_area_key_unique"),
            models.UniqueConstraint(fields=["framework", "number"], name="content_area_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Statement(models.Model):
    """Something a course must cover. ``sid`` is stable across versions of the framework."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="statements")
    content_area = models.ForeignKey(ContentArea, on_delete=models.CASCADE, related_name="statements")
    sid = models.CharField(max_length=80)
    kind = models.CharField(max_length=14, choices=StatementKind.choices)
    text = models.TextField()
    official = models.BooleanField(default=True, help_text="False when the wording is ours, not the Department's")
    position = models.PositiveIntegerField(default=0)
    qualifications = models.ManyToManyField(Qualification, related_name="statements")

    class Meta:
        ordering = ["framework", "content_area__number", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "sid"], name="statement_sid_unique")]

    def __str__(self) -> str:
        return f"{self.sid}: {self.text[:60]}"


class Behaviour(models.Model):
    """A leadership behaviour (2017: seven, not assessed)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="behaviours")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    official = models.BooleanField(default=True)
    assessed = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="behaviour_key_unique")]

    def __str__(self) -> str:
        return self.name


class AssessmentTask(models.Model):
    """A task a participant of one qualification submits, with its limits and conditions.

    Official tasks come with the framework file (``lead_provider`` empty). Where the framework sets
    no task (the reformed frameworks), each lead provider designs its own: those rows name the
    provider, and no other provider sees or uses them."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="tasks")
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="tasks")
    lead_provider = models.ForeignKey(
        LeadProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="assessment_tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(null=True, blank=True)
    key = models.SlugField(max_length=60)
    title = models.CharField(max_length=300)
    aim = models.TextField(blank=True)
    parts = models.JSONField(default=list, blank=True, help_text='[{"key": "A", "aim": "..."}]')
    word_limit = models.PositiveIntegerField()
    word_limit_excludes = models.CharField(max_length=300, blank=True)
    word_limit_scope = models.CharField(max_length=300, blank=True)
    minimum_duration = models.CharField(max_length=100, blank=True)
    conditions = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "qualification__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "key"],
                condition=models.Q(lead_provider__isnull=True),
                name="official_task_key_unique",
            ),
            models.UniqueConstraint(
                fields=["qualification", "lead_provider", "key"],
                condition=models.Q(lead_provider__isnull=False),
                name="provider_task_key_unique",
            ),
            models.CheckConstraint(condition=models.Q(word_limit__gte=1), name="task_word_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.qualification.code}: {self.title}"

    @property
    def official(self) -> bool:
        return self.lead_provider_id is None

    def part_keys(self) -> list[str]:
        return [str(p.get("key")) for p in self.parts]


class Criterion(models.Model):
    """An assessment criterion (code like ``6.3.1``), tested in one task (and part). A code is
    unique within its task, so two providers' own tasks may both number a criterion ``1.1``."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="criteria")
    content_area = models.ForeignKey(ContentArea, on_delete=models.CASCADE, related_name="criteria")
    task = models.ForeignKey(AssessmentTask, on_delete=models.CASCADE, related_name="criteria")
    part = models.CharField(max_length=10, blank=True)
    code = models.CharField(max_length=20)
    text = models.TextField()
    official = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "qualification__position", "position"]
        constraints = [models.UniqueConstraint(fields=["task", "code"], name="criterion_code_per_task")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def tested_in(self) -> str:
        return f"{self.task.title}" + (f", part {self.part}" if self.part else "")


class Curriculum(models.Model):
    """One upload of a lead provider's course design for one qualification of one framework
    version. A new upload is a new row (``revision`` + 1); older ones stay as history."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="curricula")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="curricula")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="curricula")
    name = models.CharField(max_length=200)
    revision = models.PositiveIntegerField(default=1)
    file_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_via = models.CharField(max_length=10, default="page")

    class Meta:
        ordering = ["lead_provider__name", "qualification__position", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead_provider", "framework", "qualification", "revision"], name="curriculum_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (revision {self.revision})"


class CurriculumModule(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["curriculum", "position"]
        constraints = [models.UniqueConstraint(fields=["curriculum", "position"], name="module_position_unique")]


class CurriculumSession(models.Model):
    module = models.ForeignKey(CurriculumModule, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField(help_text="Order across the whole curriculum, from 1")
    title = models.CharField(max_length=200)
    mode = models.CharField(max_length=14, choices=DeliveryMode.choices)
    teaches = models.ManyToManyField(Statement, related_name="taught_in", blank=True)
    assesses = models.ManyToManyField(Statement, related_name="assessed_in", blank=True)

    class Meta:
        ordering = ["module__curriculum", "sequence"]
        constraints = [models.UniqueConstraint(fields=["module", "position"], name="session_position_unique")]
