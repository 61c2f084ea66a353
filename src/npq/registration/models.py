"""Applications: one person's registration for one course with one lead provider in one cohort."""

import uuid

from django.conf import settings
from django.db import models

from npq.core import labels
from npq.reference.models import ChildcareProvider, Cohort, Course, LeadProvider, Schedule, School
from npq.registration.rules.statuses import TrainingStatus


class ApprovalStatus(models.TextChoices):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class RejectionReason(models.TextChoices):
    REGISTRATION_EXPIRED = "registration_expired"
    REJECTED_BY_PROVIDER = "rejected_by_provider"
    OTHER_APPLICATION_ACCEPTED = "other_application_in_this_cohort_accepted"
    WITHDRAWN_BY_PARTICIPANT = "withdrawn_by_participant"


class ReviewStatus(models.TextChoices):
    NEEDS_REVIEW = "needs_review", "Needs review"
    AWAITING_INFORMATION = "awaiting_information", "Awaiting information"
    DECISION_MADE = "decision_made", "Decision made"


class FundingChoice(models.TextChoices):
    SCHOOL = "school"
    TRUST = "trust"
    SELF = "self"
    ANOTHER = "another"
    EMPLOYER = "employer"


class Application(models.Model):
    """The central record of the Lead Provider API: created pending at registration, then
    accepted or rejected by the provider. ``ecf_id`` is its public id."""

    ecf_id = models.UUIDField(unique=True, default=uuid.uuid4)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="applications")
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="applications")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    schedule = models.ForeignKey(Schedule, null=True, blank=True, on_delete=models.PROTECT, related_name="applications")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="applications")
    ukprn = models.CharField(max_length=10, blank=True)
    private_childcare_provider_urn = models.CharField(max_length=20, blank=True)
    private_childcare_provider = models.ForeignKey(
        ChildcareProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )

    lead_provider_approval_status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    reason_for_rejection = models.CharField(max_length=50, choices=RejectionReason.choices, blank=True)
    training_status = models.CharField(
        max_length=10, choices=labels.choices("training_status", TrainingStatus), null=True, blank=True
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    eligible_for_funding = models.BooleanField(default=False)
    funding_eligibility_status_code = models.CharField(max_length=60, blank=True)
    funded_place = models.BooleanField(null=True, blank=True)
    funding_choice = models.CharField(max_length=10, choices=FundingChoice.choices, blank=True)
    targeted_delivery_funding_eligibility = models.BooleanField(default=False)

    headteacher_status = models.CharField(max_length=30, blank=True)
    work_setting = models.CharField(max_length=40, blank=True)
    kind_of_nursery = models.CharField(max_length=40, blank=True)
    employment_type = models.CharField(max_length=50, blank=True)
    employment_role = models.CharField(max_length=200, blank=True)
    employer_name = models.CharField(max_length=200, blank=True)
    works_in_school = models.BooleanField(null=True, blank=True)
    works_in_childcare = models.BooleanField(null=True, blank=True)
    lead_mentor = models.BooleanField(default=False)
    teacher_catchment = models.CharField(
        max_length=30,
        blank=True,
        help_text="england, scotland, wales, northern_ireland, jersey_guernsey_isle_of_man, another",
    )
    teacher_catchment_country = models.CharField(max_length=80, blank=True)
    senco_in_role = models.CharField(max_length=20, blank=True)
    senco_start_date = models.DateField(null=True, blank=True)

    review_status = models.CharField(max_length=25, choices=ReviewStatus.choices, blank=True)
    raw_application_data = models.JSONField(default=dict, blank=True)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person moved this registration to another provider"
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["lead_provider", "updated_at", "id"], name="application_provider_updated"),
            # API lists: default order (creation, by id) and sort=created_at, one provider at a time.
            models.Index(fields=["lead_provider", "id"], name="application_provider_id"),
            models.Index(fields=["lead_provider", "created_at", "id"], name="application_provider_created"),
            # Ends in id so the provider's list filtered by cohort (and decision) reads its newest
            # rows in index order and stops after a page, instead of sorting the whole cohort.
            models.Index(
                fields=["lead_provider", "cohort", "lead_provider_approval_status", "id"],
                name="application_provider_cohort",
            ),
            models.Index(fields=["user", "course", "cohort"], name="application_person_course"),
            # API participants list: a provider's participants (people with an accepted application
            # there) in id order, read from the index alone, however deep the page.
            models.Index(
                fields=["lead_provider", "lead_provider_approval_status", "user"], name="application_provider_people"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="accepted_has_training_status",
                condition=~models.Q(lead_provider_approval_status="accepted") | models.Q(training_status__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Application {self.ecf_id} ({self.course.short_code}, {self.lead_provider.name})"


class RegistrationDraft(models.Model):
    """A person's answers so far, saved at every step, so a closed tab loses nothing."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registration_draft")
    answers = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class DateOfBirthFailure(models.Model):
    """A date of birth that did not match, entered to see a returning person's stored details.
    Too many within the hour and nothing is shown, so a shared mailbox is no way to guess."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "entered_at"], name="dob_failure_user_time")]


class ReviewEntry(models.Model):
    """One entry on a case in the DfE review queue: an internal note (never sent to or shown to the
    person), a message, a request for information, a decision, or the person's reply. Appended,
    never edited; each is also an audit event. Everything but a note is emailed to the person."""

    class Kind(models.TextChoices):
        NOTE = "note", labels.label("review_entry", "note")
        MESSAGE = "message", labels.label("review_entry", "message")
        INFORMATION_REQUESTED = "information_requested", labels.label("review_entry", "information_requested")
        DECISION = "decision", labels.label("review_entry", "decision")
        REPLY = "reply", labels.label("review_entry", "reply")

    SENT_TO_PERSON = (Kind.MESSAGE, Kind.INFORMATION_REQUESTED, Kind.DECISION)
    SEEN_BY_PERSON = (Kind.MESSAGE, Kind.INFORMATION_REQUESTED, Kind.DECISION, Kind.REPLY)

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="review_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=25, choices=Kind.choices)
    text = models.TextField()
    funding_code = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class ReviewAttachment(models.Model):
    """A file the person sent with a reply to a request for information."""

    entry = models.ForeignKey(ReviewEntry, on_delete=models.PROTECT, related_name="attachments")
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]


class FundedPlaceCap(models.Model):
    """How many funded places the Department pays one provider for one course in one cohort."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="funded_place_caps")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="funded_place_caps")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="funded_place_caps")
    places = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "lead_provider", "course"]
        constraints = [
            models.UniqueConstraint(fields=["lead_provider", "course", "cohort"], name="funded_place_cap_unique")
        ]

    def __str__(self) -> str:
        return f"{self.places} funded places: {self.lead_provider} {self.course.short_code} {self.cohort.identifier}"
