"""Quality assurance and inspection of lead providers: facilitators and their observations, the
provider's self-evaluation, inspections with their time-bound access grants, samples, evidence,
grades, reports, responses and improvement actions."""

from typing import Any

from django.conf import settings
from django.db import models

from npq.core.labels import choices
from npq.delivery.models import Session
from npq.quality import rules
from npq.reference.models import DeliveryPartner, LeadProvider

USER = settings.AUTH_USER_MODEL
PROGRAMMES = choices("quality_programme", rules.Programme)


class QualitySetting(models.Model):
    """A provider's own quality settings: how often each facilitator is observed."""

    lead_provider = models.OneToOneField(LeadProvider, on_delete=models.CASCADE, related_name="quality_setting")
    observations_per_term = models.PositiveSmallIntegerField(default=1)


class Facilitator(models.Model):
    """A facilitator recruited by a delivery partner and approved by the lead provider."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="+")
    delivery_partner = models.ForeignKey(DeliveryPartner, null=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="facilitator_records")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    training_completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [models.UniqueConstraint(fields=["lead_provider", "person"], name="facilitator_unique")]


class ObservationTemplate(models.Model):
    """The provider's own observation template; a change is a new version, older ones kept."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField(default=1)
    criteria = models.JSONField(help_text='["Models the practice clearly", ...]')
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "name", "version"], name="observation_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Observation(models.Model):
    """One observation of a facilitator's session, live or recorded, against a template version."""

    template = models.ForeignKey(ObservationTemplate, on_delete=models.PROTECT, related_name="observations")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=4, choices=PROGRAMMES, default=rules.Programme.NPQ)
    facilitator = models.ForeignKey(Facilitator, on_delete=models.PROTECT, related_name="observations")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recording_url = models.URLField(blank=True)
    observed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    observed_on = models.DateField()
    ratings = models.JSONField(help_text="criterion position -> strength, secure or develop")
    strengths = models.TextField()
    areas_to_develop = models.TextField()
    agreed_actions = models.TextField()
    follow_up_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["lead_provider", "observed_on"], name="observation_provider_day")]


class SelfEvaluation(models.Model):
    """A version of the provider's self-evaluation against the judgement areas; appended, never edited."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=4, choices=PROGRAMMES, default=rules.Programme.NPQ)
    version = models.PositiveSmallIntegerField()
    grades = models.JSONField(help_text="area -> grade")
    narrative = models.JSONField(help_text="area -> what the provider says, with its evidence")
    written_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "programme", "version"], name="provider_sef_version")
        ]


class Inspection(models.Model):
    """A monitoring visit or full inspection of one lead provider, from notification to its report."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="inspections")
    programme = models.CharField(max_length=4, choices=PROGRAMMES, default=rules.Programme.NPQ)
    kind = models.CharField(max_length=10, choices=choices("inspection_kind", rules.Kind))
    stage = models.CharField(max_length=10, choices=choices("inspection_stage", rules.Stage))
    lead_inspector = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    team: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(USER, related_name="+", blank=True)
    follows = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisits")
    notified_at = models.DateTimeField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    evidence_as_of = models.DateTimeField(help_text="Every figure of the evidence pack is counted as of this moment")
    action = models.CharField(max_length=14, blank=True, choices=choices("action_judgement", rules.Action))
    report = models.TextField(blank=True)
    areas_for_improvement = models.JSONField(default=list, blank=True)
    drafted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    response_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-notified_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="inspection_dates"),
            models.CheckConstraint(
                condition=models.Q(checked_by__isnull=True) | ~models.Q(checked_by=models.F("drafted_by")),
                name="report_checked_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.lead_provider}"


class EvidenceFigures(models.Model):
    """The evidence pack's figures, counted once for one evidence moment of an inspection (at
    notification and at each recount); reading the pack reads these. Earlier moments' rows are kept."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence_figures")
    as_of = models.DateTimeField()
    figures = models.JSONField(help_text="npq.quality.pack_figures.to_json of the pack")
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "as_of"], name="evidence_figures_moment")]


class Grant(models.Model):
    """One inspector's read access to one provider's evidence: from notification until publication."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="grants")
    inspector = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="inspection_grants")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "inspector"], name="grant_unique")]


class Read(models.Model):
    """Every page an inspector read under a grant, for the provider to see afterwards."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="reads")
    what = models.CharField(max_length=200)
    path = models.CharField(max_length=300)
    read_at = models.DateTimeField()

    class Meta:
        ordering = ["-read_at", "-id"]


class Sample(models.Model):
    """A sample drawn at random within strata; the seed draws it again."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="samples")
    seed = models.PositiveBigIntegerField()
    per_stratum = models.PositiveSmallIntegerField()
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField()

    class Meta:
        ordering = ["-drawn_at", "-id"]


class SampleItem(models.Model):
    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=16, choices=choices("sample_kind", rules.SampleKind))
    stratum = models.CharField(max_length=200)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=300)

    class Meta:
        ordering = ["kind", "stratum", "label"]


class Meeting(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="meetings")
    with_whom = models.CharField(max_length=16, choices=choices("evidence_source", rules.Source))
    starts_at = models.DateTimeField()
    where = models.CharField(max_length=200)

    class Meta:
        ordering = ["starts_at", "id"]


class EvidenceNote(models.Model):
    """A note in the evidence log; ``client_key`` makes a re-sent form (after a dropped connection) save once."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="notes")
    area = models.CharField(max_length=10, choices=choices("judgement_area", rules.Area))
    source = models.CharField(max_length=16, choices=choices("evidence_source", rules.Source))
    text = models.TextField()
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    client_key = models.UUIDField(unique=True)

    class Meta:
        ordering = ["written_at", "id"]


class GradeDraft(models.Model):
    """A drafted grade for one area; appended, the latest per area is current."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="grades")
    area = models.CharField(max_length=10, choices=choices("judgement_area", rules.Area))
    grade = models.CharField(max_length=20, choices=choices("grade", rules.Grade))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class ImprovementAction(models.Model):
    """What the provider will do about one area for improvement, tracked to done."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="actions")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="improvement_actions")
    area_for_improvement = models.TextField()
    action = models.TextField()
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=4, choices=choices("improvement_status", rules.ActionStatus))
    evidence = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(evidence=""), name="done_action_has_evidence"
            )
        ]
