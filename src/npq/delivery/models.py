"""Cohorts of delivery, sessions, sign-up, attendance, leadership-behaviour self-evaluation with
360° invitations, and formative checkpoints."""

from typing import Any

from django.conf import settings
from django.db import models

from npq.core import labels
from npq.delivery import rules
from npq.frameworks.models import CurriculumModule, DeliveryMode
from npq.reference.models import Cohort, Course, DeliveryPartner, LeadProvider

USER = settings.AUTH_USER_MODEL


class CourseEngagementSetting(models.Model):
    """The engagement a participant needs to sit the summative assessment, per course."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="engagement_setting")
    threshold_percent = models.PositiveSmallIntegerField(default=90)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(threshold_percent__lte=100), name="engagement_threshold_range")
        ]


class DeliveryCohort(models.Model):
    """One group a lead provider teaches together: course, cohort, delivery partner, facilitators."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="delivery_cohorts")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="delivery_cohorts")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="delivery_cohorts")
    delivery_partner = models.ForeignKey(
        DeliveryPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="delivery_cohorts"
    )
    name = models.CharField(max_length=200)
    facilitators: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, related_name="facilitated_cohorts", blank=True
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["lead_provider__name", "name"]
        constraints = [models.UniqueConstraint(fields=["lead_provider", "name"], name="delivery_cohort_name_unique")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    delivery_cohort = models.ForeignKey(DeliveryCohort, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="delivery_memberships")
    joined_at = models.DateTimeField()

    class Meta:
        ordering = ["participant__full_name"]
        constraints = [models.UniqueConstraint(fields=["delivery_cohort", "participant"], name="membership_unique")]


class PastMembership(models.Model):
    """A participant removed from a cohort of delivery: when they joined and left, who removed
    them and why. The membership row goes; this record of it stays."""

    delivery_cohort = models.ForeignKey(DeliveryCohort, on_delete=models.CASCADE, related_name="past_memberships")
    participant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="past_delivery_memberships")
    joined_at = models.DateTimeField()
    removed_at = models.DateTimeField()
    removed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-removed_at", "id"]


class Session(models.Model):
    delivery_cohort = models.ForeignKey(DeliveryCohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    mode = models.CharField(max_length=14, choices=DeliveryMode.choices)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    place = models.CharField(max_length=300, blank=True)
    link = models.URLField(blank=True)
    module = models.ForeignKey(CurriculumModule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    facilitator = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["delivery_cohort", "starts_at"], name="session_cohort_start")]

    def __str__(self) -> str:
        return self.title


class SignUp(models.Model):
    """A place booked on a session still to come; a cancelled place keeps its row (and is booked
    again by clearing ``cancelled_at``)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="sign_ups")
    participant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="session_sign_ups")
    signed_up_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="sign_up_unique")]


AttendanceStatus = rules.Attendance  # the code set is defined once, in rules


class Attendance(models.Model):
    """The current attendance of one participant at one session; every change is audited."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=8, choices=labels.choices("attendance", AttendanceStatus))
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="attendance_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="absent") | ~models.Q(reason=""), name="absence_has_reason"
            ),
        ]


class SelfEvaluation(models.Model):
    """A participant's rating of themself on each leadership behaviour at the start, with a plan."""

    participant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="self_evaluations")
    delivery_cohort = models.ForeignKey(DeliveryCohort, on_delete=models.CASCADE, related_name="self_evaluations")
    ratings = models.JSONField(default=dict, help_text="behaviour key -> 1..5")
    plan = models.JSONField(default=dict, blank=True, help_text="behaviour key -> planned action")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "delivery_cohort"], name="self_evaluation_unique")
        ]


class FeedbackInvitation(models.Model):
    """A colleague invited by email to rate the participant (360°); the link carries a token."""

    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField()
    ratings = models.JSONField(default=dict, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]


class Checkpoint(models.Model):
    """A formative task or reflection for one module of a cohort of delivery."""

    delivery_cohort = models.ForeignKey(DeliveryCohort, on_delete=models.CASCADE, related_name="checkpoints")
    module = models.ForeignKey(CurriculumModule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    prompt = models.TextField()
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class CheckpointResponse(models.Model):
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="checkpoint_responses")
    text = models.TextField()
    submitted_at = models.DateTimeField()
    feedback = models.TextField(blank=True)
    feedback_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkpoint", "participant"], name="checkpoint_response_unique")]
