"""Questionnaires (versioned), surveys sent to an audience, invitations and their emails, and
answers.

Anonymity: a ``Response`` never points at an invitation or, in an anonymous survey, a person. It
is found again (to resume, or to refuse a second answer) by ``answer_key``, a hash of the link's
token; the invitation stores a different hash of the same token, so the two tables cannot be
joined from the database alone. ``Invitation.responded_at`` is the separate record of who has
answered, used for reminders and response rates.
"""

from typing import Any

from django.conf import settings
from django.db import models

from npq.delivery.models import DeliveryCohort, Session
from npq.reference.models import Cohort, Course, DeliveryPartner, LeadProvider
from npq.surveys.rules import Kind

USER = settings.AUTH_USER_MODEL


class Programme(models.TextChoices):
    NPQ = "npq", "National Professional Qualifications"
    ECF = "ecf", "Early career framework"


class Audience(models.TextChoices):
    PARTICIPANTS = "participants", "Participants"
    FACILITATORS = "facilitators", "Facilitators"
    PARTNER_STAFF = "partner_staff", "Delivery partner staff"
    SCHOOL_STAFF = "school_staff", "School staff who are not participants (open links)"


class Trigger(models.TextChoices):
    ONCE = "once", "Once"
    AFTER_SESSION = "after_session", "After a session"
    END_OF_MODULE = "end_of_module", "At the end of a module"
    END_OF_COURSE = "end_of_course", "At the end of the course"
    ANNUAL = "annual", "Once a year"


class Questionnaire(models.Model):
    """A set of questions; a change is a new version, so answers always meet the words they answered."""

    key = models.SlugField(max_length=80)
    version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    programme = models.CharField(max_length=10, choices=Programme.choices, default=Programme.NPQ)
    owner = models.ForeignKey(
        LeadProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="questionnaires"
    )  # none: the Department's
    anonymous = models.BooleanField(default=True)
    one_page = models.BooleanField(null=True, blank=True, help_text="none: decided by length")
    introduction = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["title", "-version"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="questionnaire_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=10, choices=[(k.value, k.value) for k in Kind])
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=True)
    options = models.JSONField(default=list, blank=True, help_text="[[value, words], ...]")
    minimum = models.IntegerField(default=0)
    maximum = models.IntegerField(default=10)
    shown_if_key = models.SlugField(max_length=60, blank=True)
    shown_if_values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "position"], name="question_position_unique"),
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class Survey(models.Model):
    """A questionnaire sent to an audience, open between two dates."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(max_length=200)
    programme = models.CharField(max_length=10, choices=Programme.choices, default=Programme.NPQ)
    owner = models.ForeignKey(
        LeadProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )  # none: the Department's
    audience = models.CharField(max_length=14, choices=Audience.choices)
    trigger = models.CharField(max_length=14, choices=Trigger.choices, default=Trigger.ONCE)
    lead_provider = models.ForeignKey(LeadProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delivery_partner = models.ForeignKey(
        DeliveryPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delivery_cohort = models.ForeignKey(
        DeliveryCohort, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys")
    module_title = models.CharField(max_length=200, blank=True)
    target_question_key = models.SlugField(max_length=60, blank=True)
    target_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-opens_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="survey_dates"),
            models.CheckConstraint(
                condition=models.Q(target_percent__isnull=True) | models.Q(target_percent__lte=100),
                name="survey_target_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Group(models.Model):
    """The groups an invitation or a response counts in (copied at invitation, for results)."""

    lead_provider = models.ForeignKey(LeadProvider, null=True, on_delete=models.PROTECT, related_name="+")
    delivery_partner = models.ForeignKey(DeliveryPartner, null=True, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, null=True, on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, null=True, on_delete=models.PROTECT, related_name="+")
    delivery_cohort = models.ForeignKey(DeliveryCohort, null=True, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, null=True, on_delete=models.PROTECT, related_name="+")
    facilitator = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


GROUP_FIELDS = ["lead_provider", "delivery_partner", "course", "cohort", "delivery_cohort", "session", "facilitator"]


class Invitation(Group):
    """Who was asked. ``token_hash`` finds the invitation from its link; the token is never stored."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    key = models.UUIDField(unique=True)  # with the secret key, makes the link's token again for a reminder
    token_hash = models.CharField(max_length=64, unique=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["survey", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "email"], name="invitation_email_unique")]
        indexes = [models.Index(fields=["survey", "responded_at"], name="invitation_survey_responded")]


class EmailKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    REMINDER = "reminder", "Reminder"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not sent: already answered or closed"


class SurveyEmail(models.Model):
    """One invitation or reminder email: queued, then sent (or failed) with when and the outcome."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=10, choices=EmailKind.choices)
    status = models.CharField(max_length=8, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["queued_at", "id"]
        indexes = [models.Index(fields=["status", "queued_at"], name="survey_email_due")]


class Response(Group):
    """One person's answers, found only through their link (``answer_key``), never by invitation."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answer_key = models.CharField(max_length=64)
    respondent = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # only in a survey that is not anonymous
    submitted_on = models.DateField(null=True, blank=True)  # a day, not a time: nothing to match to a sign-in

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "answer_key"], name="one_response_per_link")]
        indexes = [models.Index(fields=["survey", "submitted_on"], name="response_survey_submitted")]


class AnswerGroups(models.Model):
    """The response's survey and groups, copied onto each answer so results read one table (no join).

    No index of their own: results reach them through the partial index on submitted answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", db_index=False)
    lead_provider = models.ForeignKey(
        LeadProvider, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    delivery_partner = models.ForeignKey(
        DeliveryPartner, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    course = models.ForeignKey(Course, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    cohort = models.ForeignKey(Cohort, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    delivery_cohort = models.ForeignKey(
        DeliveryCohort, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    session = models.ForeignKey(Session, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    facilitator = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        abstract = True


class Answer(AnswerGroups):
    """One chosen option, number or text (a multiple choice answer is one row per option).

    ``submitted`` is set on every answer of a response when it is submitted, so results count
    submitted answers from this table alone (was: a join to every response, 385 ms for 100,000)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=60, blank=True)  # the option chosen, or the number
    text = models.TextField(blank=True)
    submitted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "value"], name="answer_unique"),
        ]
        indexes = [
            models.Index(
                fields=["question", "survey", "value"],
                condition=models.Q(submitted=True),
                name="answer_submitted",
            )
        ]


def group_values(obj: Any) -> dict[str, Any]:
    return {f"{name}_id": getattr(obj, f"{name}_id") for name in GROUP_FIELDS}


class SurveySchedule(models.Model):
    """A standing instruction: send this questionnaire to this audience on every occasion of a trigger
    (each session held, each module's end, each group's course end, each year) between two dates.

    The scheduled job (``npq.surveys.jobs``) opens one ``Survey`` per occasion, recorded as an
    ``Occasion`` so it is opened once however often the job runs."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="schedules")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        LeadProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="survey_schedules"
    )  # none: the Department's
    audience = models.CharField(max_length=14, choices=Audience.choices)
    trigger = models.CharField(max_length=14, choices=Trigger.choices)
    lead_provider = models.ForeignKey(LeadProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delivery_partner = models.ForeignKey(
        DeliveryPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delivery_cohort = models.ForeignKey(
        DeliveryCohort, null=True, blank=True, on_delete=models.PROTECT, related_name="survey_schedules"
    )
    target_question_key = models.SlugField(max_length=60, blank=True)
    target_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    answer_days = models.PositiveSmallIntegerField(default=14)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="schedule_dates"),
            models.CheckConstraint(condition=~models.Q(trigger="once"), name="schedule_repeats"),
        ]

    def __str__(self) -> str:
        return self.title


class Occasion(models.Model):
    """One occasion of a schedule (``key``: 'session:12', 'module:3:7', 'course:3', 'year:2') and its survey."""

    schedule = models.ForeignKey(SurveySchedule, on_delete=models.CASCADE, related_name="occasions")
    key = models.CharField(max_length=80)
    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="occasion")
    opened_at = models.DateTimeField()

    class Meta:
        ordering = ["schedule", "opened_at"]
        constraints = [models.UniqueConstraint(fields=["schedule", "key"], name="occasion_once")]
