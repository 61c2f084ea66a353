"""Opening a survey to its audience, queueing invitations and reminders, and sending them in batches."""

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.crypto import salted_hmac

from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.delivery.models import Attendance, DeliveryCohort, Membership
from npq.people.models import User
from npq.surveys.models import (
    Audience,
    EmailKind,
    EmailStatus,
    Invitation,
    Questionnaire,
    Survey,
    SurveyEmail,
    Trigger,
)

FILTERS = ("lead_provider", "delivery_partner", "course", "cohort", "delivery_cohort", "session")


def token_for(invitation: Invitation) -> str:
    """The link's token, made again from the invitation's key and the secret key (never stored)."""
    return salted_hmac("npq.surveys.link", invitation.key.hex, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(f"invitation:{token}".encode()).hexdigest()


def answer_key(token: str) -> str:
    """The response's own hash of the token: a different one, so the tables do not join."""
    return hashlib.sha256(f"answer:{token}".encode()).hexdigest()


def link_for(invitation: Invitation) -> str:
    base = getattr(settings, "NPQ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/surveys/answer/{token_for(invitation)}"


@dataclass
class Recipient:
    email: str
    person: Any = None
    groups: dict[str, Any] = field(default_factory=dict)


def _cohorts(survey: Survey) -> QuerySet[DeliveryCohort]:
    qs = DeliveryCohort.objects.filter(**{f: getattr(survey, f) for f in FILTERS[:4] if getattr(survey, f)})
    if survey.delivery_cohort_id:
        qs = qs.filter(pk=survey.delivery_cohort_id)
    if survey.session_id:
        qs = qs.filter(sessions=survey.session_id)
    return qs


def _cohort_groups(dc: DeliveryCohort) -> dict[str, Any]:
    return {
        "lead_provider_id": dc.lead_provider_id,
        "delivery_partner_id": dc.delivery_partner_id,
        "course_id": dc.course_id,
        "cohort_id": dc.cohort_id,
        "delivery_cohort_id": dc.pk,
    }


def audience_of(survey: Survey, emails: list[str] | None = None) -> list[Recipient]:
    """Everyone the survey asks, each once, with the groups their answers will count in."""
    found: dict[str, Recipient] = {}
    session = survey.session
    if survey.audience == Audience.PARTICIPANTS:
        members = Membership.objects.filter(delivery_cohort__in=_cohorts(survey)).select_related(
            "participant", "delivery_cohort"
        )
        if session is not None:
            attended = Attendance.objects.filter(session=session, status__in=["attended", "partial"])
            members = members.filter(participant__in=attended.values("participant"))
        for m in members:
            groups = _cohort_groups(m.delivery_cohort)
            if session is not None:
                groups |= {"session_id": session.pk, "facilitator_id": session.facilitator_id}
            found.setdefault(m.participant.email, Recipient(m.participant.email, m.participant, groups))
    elif survey.audience == Audience.FACILITATORS:
        for dc in _cohorts(survey).prefetch_related("facilitators"):
            for person in dc.facilitators.all():
                groups = _cohort_groups(dc) | {"facilitator_id": person.pk}
                found.setdefault(person.email, Recipient(person.email, person, groups))
    elif survey.audience == Audience.PARTNER_STAFF:
        staff = User.objects.filter(role="delivery_partner", is_active=True)
        if survey.lead_provider_id:
            staff = staff.filter(lead_provider_id=survey.lead_provider_id)
        if survey.delivery_partner_id:
            staff = staff.filter(delivery_partner_id=survey.delivery_partner_id)
        for person in staff:
            groups = {"lead_provider_id": person.lead_provider_id, "delivery_partner_id": person.delivery_partner_id}
            found.setdefault(person.email, Recipient(person.email, person, groups))
    else:
        participants = set(User.objects.filter(role="participant").values_list("email", flat=True))
        for email in emails or []:
            address = email.strip().lower()
            if address and address not in participants:
                found.setdefault(address, Recipient(address))
    return list(found.values())


def open_survey(
    actor: Actor,
    questionnaire: Questionnaire,
    *,
    title: str,
    audience: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    owner: Any = None,
    trigger: str = Trigger.ONCE,
    emails: list[str] | None = None,
    target_question_key: str = "",
    target_percent: int | None = None,
    module_title: str = "",
    **filters: Any,
) -> Survey:
    """Send ``questionnaire`` to an audience: the survey, one invitation each, an invitation email queued."""
    if closes_at <= opens_at:
        raise ValidationFailed("The closing date must be after the opening date", field="closes_at")
    if owner is not None:
        if questionnaire.owner_id not in (None, owner.pk):
            raise PermissionDenied("You can send only the Department's questionnaires or your own")
        filters["lead_provider"] = owner  # a provider asks only its own people
    if target_question_key and not questionnaire.questions.filter(key=target_question_key).exists():
        raise ValidationFailed(f"The questionnaire has no question {target_question_key!r}", field="target")
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValidationFailed(f"Unknown audience filter {sorted(unknown)}")
    now = clock.now()
    with transaction.atomic():
        survey = Survey.objects.create(
            questionnaire=questionnaire,
            title=title,
            programme=questionnaire.programme,
            owner=owner,
            audience=audience,
            trigger=trigger,
            opens_at=opens_at,
            closes_at=closes_at,
            target_question_key=target_question_key,
            target_percent=target_percent,
            module_title=module_title,
            created_at=now,
            **filters,
        )
        recipients = audience_of(survey, emails)
        invitations = [
            Invitation(survey=survey, person=r.person, email=r.email, key=uuid.uuid4(), created_at=now, **r.groups)
            for r in recipients
        ]
        for invitation in invitations:
            invitation.token_hash = token_hash(token_for(invitation))
        Invitation.objects.bulk_create(invitations)
        invitations = list(survey.invitations.all())  # with primary keys on every database
        SurveyEmail.objects.bulk_create(
            SurveyEmail(invitation=i, kind=EmailKind.INVITATION, queued_at=max(now, opens_at)) for i in invitations
        )
        audit.record(
            actor, "survey.opened", survey, after={"title": title, "audience": audience, "invited": len(invitations)}
        )
    return survey


def queue_reminders(actor: Actor, survey: Survey) -> int:
    """A reminder for everyone invited who has not answered yet, while the survey is open."""
    now = clock.now()
    if not survey.opens_at <= now < survey.closes_at:
        raise ValidationFailed("Reminders can be sent only while the survey is open")
    with transaction.atomic():
        waiting = list(survey.invitations.filter(responded_at__isnull=True))
        SurveyEmail.objects.bulk_create(
            SurveyEmail(invitation=i, kind=EmailKind.REMINDER, queued_at=now) for i in waiting
        )
        audit.record(actor, "survey.reminded", survey, after={"reminders": len(waiting)})
    return len(waiting)


def send_due_invitations(limit: int = 100, now: dt.datetime | None = None, connection: Any = None) -> dict[str, int]:
    """Send at most ``limit`` queued emails that are due; each is marked sent, failed or skipped.

    ``connection``: a mail connection to send through instead of the configured backend (the demo's).
    """
    moment = now or clock.now()
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    with transaction.atomic():
        due = list(
            SurveyEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=EmailStatus.QUEUED, queued_at__lte=moment)
            .select_related("invitation__survey")
            .order_by("queued_at", "id")[:limit]
        )
        for email in due:
            status, outcome = _send(email, moment, connection)
            email.status, email.outcome = status, outcome
            email.sent_at = moment if status == EmailStatus.SENT else None
            counts[str(status)] += 1
        SurveyEmail.objects.bulk_update(due, ["status", "outcome", "sent_at"])
        if due:
            audit.record(
                Actor.job("surveys.send"), "survey_emails.sent", None, object_type="survey_email", after=counts
            )
    return counts


def _send(email: SurveyEmail, moment: dt.datetime, connection: Any) -> tuple[str, str]:
    invitation = email.invitation
    survey = invitation.survey
    if invitation.responded_at is not None:
        return EmailStatus.SKIPPED, "Already answered"
    if moment >= survey.closes_at:
        return EmailStatus.SKIPPED, "The survey had closed"
    reminder = email.kind == EmailKind.REMINDER
    subject = f"{'Reminder: ' if reminder else ''}{survey.title}"
    body = (
        f"{'We have not had your answers yet. ' if reminder else ''}Please tell us what you think: "
        f"{survey.title}.\n\nAnswer here (this link is yours; please do not share it):\n{link_for(invitation)}\n\n"
        f"The survey closes on {survey.closes_at:%-d %B %Y}."
        + ("\nYour answers are anonymous." if survey.questionnaire.anonymous else "")
    )
    try:
        send_mail(subject, body, None, [invitation.email], connection=connection)
    except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and the batch goes on
        return EmailStatus.FAILED, f"{type(exc).__name__}: {str(exc)[:200]}"
    return EmailStatus.SENT, "Handed to the mail server"


def closed(survey: Survey, now: dt.datetime | None = None) -> bool:
    return (now or clock.now()) >= survey.closes_at


def open_filter(now: dt.datetime) -> Q:
    return Q(opens_at__lte=now, closes_at__gt=now)
