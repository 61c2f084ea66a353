"""Reference data: courses, cohorts, schedules, lead providers, delivery partners, schools,
eligibility lists. Loaded from the package's data files (``npq load-reference``) and from GIAS
and eligibility-list CSVs (``npq import``)."""

import uuid

from django.db import models

from npq.core import labels
from npq.reference.rules import CohortFunding, DeclarationType, Region


class CourseGroup(models.TextChoices):
    LEADERSHIP = "leadership"
    SPECIALIST = "specialist"
    EHCO = "ehco"
    SUPPORT = "support"


class Course(models.Model):
    """An NPQ or support offer, by the Department's identifier (``npq-headship``)."""

    identifier = models.CharField(max_length=60, unique=True)
    short_code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=120)
    group = models.CharField(max_length=12, choices=CourseGroup.choices)
    ecf_id = models.UUIDField(unique=True, default=uuid.uuid4)
    position = models.PositiveSmallIntegerField(default=0)
    display = models.BooleanField(default=True, help_text="Offered to new registrations")
    qualification = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_code})"


class Cohort(models.Model):
    """A cohort of starts: year plus suffix (``2026b``), with the funding mode for that cohort."""

    Funding = CohortFunding

    start_year = models.PositiveSmallIntegerField()
    suffix = models.CharField(max_length=1, default="a")
    identifier = models.CharField(max_length=5, unique=True)
    description = models.CharField(max_length=50, unique=True)
    funding = models.CharField(max_length=6, choices=labels.choices("cohort_funding", CohortFunding))
    registration_start = models.DateField()

    class Meta:
        ordering = ["start_year", "suffix"]
        constraints = [
            models.UniqueConstraint(fields=["start_year", "suffix"], name="cohort_year_suffix_unique"),
            models.CheckConstraint(
                condition=models.Q(start_year__gte=2021, start_year__lte=2035), name="cohort_year_range"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Schedule(models.Model):
    """When a course group in a cohort runs, and which declaration types it allows."""

    identifier = models.CharField(max_length=40)
    name = models.CharField(max_length=80)
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="schedules")
    course_group = models.CharField(max_length=12, choices=CourseGroup.choices)
    applies_from = models.DateField()
    applies_to = models.DateField()
    allowed_declaration_types = models.JSONField(default=list)

    class Meta:
        ordering = ["cohort", "identifier"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "identifier"], name="schedule_identifier_per_cohort"),
            models.CheckConstraint(
                condition=models.Q(applies_to__gte=models.F("applies_from")), name="schedule_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.cohort.identifier})"


class Milestone(models.Model):
    """The deadline and payment date for one declaration type of one schedule."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="milestones")
    declaration_type = models.CharField(max_length=12, choices=labels.choices("declaration_type", DeclarationType))
    start_date = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    payment_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["schedule", "declaration_type"], name="milestone_unique")]


class LeadProvider(models.Model):
    """An organisation contracted by the Department to design and deliver NPQs."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        REMOVED = "removed"
        EXITED = "exited"

    name = models.CharField(max_length=120, unique=True)
    ecf_id = models.UUIDField(unique=True, default=uuid.uuid4)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    hint = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeliveryPartner(models.Model):
    """An organisation (teaching school hub, trust, university, ...) delivering for providers."""

    name = models.CharField(max_length=200, unique=True)
    ecf_id = models.UUIDField(unique=True, default=uuid.uuid4)
    kind = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeliveryPartnership(models.Model):
    """A delivery partner working with a lead provider in one cohort."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="partnerships")
    delivery_partner = models.ForeignKey(DeliveryPartner, on_delete=models.PROTECT, related_name="partnerships")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="partnerships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["delivery_partner", "lead_provider", "cohort"], name="partnership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.delivery_partner} with {self.lead_provider} ({self.cohort.identifier})"


class CourseOffering(models.Model):
    """A lead provider offers a course in a cohort."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="offerings")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="offerings")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="offerings")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "cohort", "lead_provider"], name="offering_unique")]

    def __str__(self) -> str:
        return f"{self.lead_provider} offers {self.course.short_code} in {self.cohort.identifier}"


class School(models.Model):
    """An establishment from Get Information About Schools (GIAS), kept in step by imports."""

    urn = models.CharField(max_length=10, unique=True)
    ukprn = models.CharField(max_length=10, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    establishment_type_code = models.CharField(max_length=4, blank=True)
    establishment_type_name = models.CharField(max_length=100, blank=True)
    establishment_status_code = models.CharField(max_length=4, blank=True)
    establishment_status_name = models.CharField(max_length=60, blank=True)
    phase_name = models.CharField(max_length=60, blank=True)
    la_code = models.CharField(max_length=6, blank=True)
    la_name = models.CharField(max_length=100, blank=True)
    region = models.CharField(
        max_length=30, blank=True, choices=labels.choices("region", Region), help_text="GIAS government office region"
    )
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    street = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    is_open = models.BooleanField(default=True)
    closed_at = models.DateField(null=True, blank=True)
    search_text = models.TextField(blank=True, help_text="Normalised name, town, postcode, URN and UKPRN for search")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["is_open", "name"], name="school_open_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} (URN {self.urn})"


class ChildcareProvider(models.Model):
    """A nursery, pre-school, childminder or other setting on Ofsted's early years or childcare
    registers, found by its Ofsted URN ("EY123456", or digits for older registrations).

    Kept in step by imports of Ofsted's register CSV. Ofsted withholds childminders' names and
    addresses, so ``name`` may be blank. A provider missing from a complete file becomes inactive
    rather than being deleted, so applications keep their workplace and no stale row stays active.
    """

    ofsted_urn = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200, blank=True)
    provider_type = models.CharField(max_length=100, blank=True)
    provider_subtype = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    registers = models.CharField(max_length=20, blank=True, help_text="EYR, CCR and VCR, space-separated")
    registration_date = models.DateField(null=True, blank=True)
    street = models.CharField(max_length=300, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    local_authority = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=60, blank=True)
    places = models.PositiveIntegerField(null=True, blank=True)
    closed_at = models.DateField(null=True, blank=True)
    search_text = models.TextField(
        blank=True, help_text="Normalised name, town, postcode, Ofsted URN and local authority"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "ofsted_urn"]
        indexes = [models.Index(fields=["is_active", "name"], name="childcare_active_name_idx")]

    def __str__(self) -> str:
        return f"{self.display_name} (Ofsted URN {self.ofsted_urn})"

    @property
    def display_name(self) -> str:
        """The name, or what Ofsted lets us say when it withholds the name."""
        if self.name:
            return self.name
        kind = self.provider_type or "Childcare provider"
        return f"{kind} in {self.local_authority}" if self.local_authority else kind


class EligibilityListKind(models.TextChoices):
    PP50_SCHOOL = "pp50-school", "PP50 schools"
    PP50_FURTHER_EDUCATION = "pp50-further-education", "PP50 further education"
    CHILDMINDER = "childminder", "Childminders"
    DISADVANTAGED_EARLY_YEARS = "disadvantaged-early-years", "Disadvantaged early years schools"
    LOCAL_AUTHORITY_NURSERY = "local-authority-nursery", "Local authority nurseries"
    RISE_SCHOOL = "rise-school", "RISE schools"


class EligibilityList(models.Model):
    """One uploaded version of an eligibility list, with where it came from."""

    kind = models.CharField(max_length=30, choices=EligibilityListKind.choices)
    file_name = models.CharField(max_length=255)
    imported_at = models.DateTimeField()
    row_count = models.PositiveIntegerField(default=0)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(is_current=True), name="one_current_list_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.file_name} ({self.row_count} rows)"


class EligibilityListEntry(models.Model):
    eligibility_list = models.ForeignKey(EligibilityList, on_delete=models.CASCADE, related_name="entries")
    identifier = models.CharField(max_length=20)
    identifier_type = models.CharField(max_length=10)  # urn, ukprn, ofsted_urn

    class Meta:
        constraints = [models.UniqueConstraint(fields=["eligibility_list", "identifier"], name="list_entry_unique")]


class ImportRun(models.Model):
    """The summary of one import: what was added, updated, closed and rejected, and why."""

    kind = models.CharField(max_length=60)  # "eligibility-list disadvantaged-early-years" is 42
    file_name = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(default=list, help_text="[{line, column, reason}]")

    class Meta:
        ordering = ["-started_at"]
