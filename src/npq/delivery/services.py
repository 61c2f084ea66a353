"""Delivery use cases: each in one transaction with an audit event."""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from npq.core import audit, clock, mail
from npq.core.audit import Actor
from npq.core.errors import NotFound, PermissionDenied, ValidationFailed
from npq.delivery import queries, rules
from npq.delivery.models import (
    Attendance,
    AttendanceStatus,
    Checkpoint,
    CheckpointResponse,
    DeliveryCohort,
    FeedbackInvitation,
    Membership,
    PastMembership,
    SelfEvaluation,
    Session,
    SignUp,
)
from npq.frameworks.models import DeliveryMode
from npq.people.models import User
from npq.reference.models import Cohort, Course, CourseOffering, DeliveryPartner, DeliveryPartnership, LeadProvider
from npq.registration.models import Application, ApprovalStatus


def can_run(user: Any, cohort: DeliveryCohort) -> bool:
    """Provider users of the cohort's provider, and its facilitators or delivery partner's users."""
    if getattr(user, "lead_provider_id", None) != cohort.lead_provider_id:
        return False
    if user.role == "lead_provider":
        return True
    if user.role == "delivery_partner":
        return cohort.delivery_partner_id == user.delivery_partner_id or cohort.facilitators.filter(pk=user.pk).exists()
    return False


def _require_runner(user: Any, cohort: DeliveryCohort) -> None:
    if not can_run(user, cohort):
        raise PermissionDenied(f"{user.email} does not run cohort of delivery {cohort.pk}")


def _check_cohort_fields(
    provider: LeadProvider, cohort: Cohort, name: str, partner: DeliveryPartner | None, facilitators: list[User]
) -> None:
    if not name:
        raise ValidationFailed("Enter a name for the cohort of delivery", field="name")
    if len(name) > 200:
        raise ValidationFailed("The name must be 200 characters or fewer", field="name")
    if (
        partner is not None
        and not DeliveryPartnership.objects.filter(
            lead_provider=provider, delivery_partner=partner, cohort=cohort
        ).exists()
    ):
        raise ValidationFailed(
            f"{partner.name} does not work with {provider.name} in the {cohort.description}", field="partner"
        )
    for person in facilitators:
        if person.lead_provider_id != provider.pk or person.role not in ("delivery_partner", "lead_provider"):
            raise ValidationFailed(f"{person.email} is not one of {provider.name}'s staff", field="facilitators")


def create_delivery_cohort(
    actor: Actor,
    provider: LeadProvider,
    course: Course,
    cohort: Cohort,
    name: str,
    partner: DeliveryPartner | None = None,
    facilitators: Iterable[User] = (),
) -> DeliveryCohort:
    name = name.strip()
    facilitators = list(facilitators)
    if not CourseOffering.objects.filter(lead_provider=provider, course=course, cohort=cohort).exists():
        raise ValidationFailed(
            f"{provider.name} does not offer {course.name} in the {cohort.description}", field="course"
        )
    _check_cohort_fields(provider, cohort, name, partner, facilitators)
    with transaction.atomic():
        if DeliveryCohort.objects.filter(lead_provider=provider, name=name).exists():
            raise ValidationFailed(f"{provider.name} already has a cohort of delivery named {name}", field="name")
        dc = DeliveryCohort.objects.create(
            lead_provider=provider,
            course=course,
            cohort=cohort,
            delivery_partner=partner,
            name=name,
            created_at=clock.now(),
        )
        dc.facilitators.set(facilitators)
        audit.record(actor, "delivery_cohort.created", dc, after=audit.snapshot(dc))
    return dc


def _require_provider_user(user: Any, dc: DeliveryCohort) -> None:
    if getattr(user, "role", None) != "lead_provider" or user.lead_provider_id != dc.lead_provider_id:
        raise PermissionDenied(f"{user.email} cannot change cohort of delivery {dc.pk}")


def _cohort_state(dc: DeliveryCohort) -> dict[str, Any]:
    return {
        "name": dc.name,
        "delivery_partner": dc.delivery_partner_id,
        "facilitators": sorted(dc.facilitators.values_list("pk", flat=True)),
    }


def update_delivery_cohort(
    user: Any, dc: DeliveryCohort, name: str, partner: DeliveryPartner | None, facilitators: Iterable[User]
) -> DeliveryCohort:
    """A provider user changes the name, delivery partner or facilitators (course and cohort stay)."""
    _require_provider_user(user, dc)
    name = name.strip()
    facilitators = list(facilitators)
    _check_cohort_fields(dc.lead_provider, dc.cohort, name, partner, facilitators)
    with transaction.atomic():
        dc = DeliveryCohort.objects.select_for_update().get(pk=dc.pk)
        before = _cohort_state(dc)
        if DeliveryCohort.objects.filter(lead_provider=dc.lead_provider, name=name).exclude(pk=dc.pk).exists():
            raise ValidationFailed(
                f"{dc.lead_provider.name} already has a cohort of delivery named {name}", field="name"
            )
        dc.name, dc.delivery_partner = name, partner
        dc.save(update_fields=["name", "delivery_partner"])
        dc.facilitators.set(facilitators)
        after = _cohort_state(dc)
        if after != before:
            audit.record(Actor.person(user), "delivery_cohort.changed", dc, before=before, after=after)
    return dc


def candidates_for(dc: DeliveryCohort) -> list[User]:
    """People with an accepted application for the cohort's course, cohort and provider who are
    not in it yet, by name."""
    accepted = Application.objects.filter(
        lead_provider=dc.lead_provider,
        course=dc.course,
        cohort=dc.cohort,
        lead_provider_approval_status=ApprovalStatus.ACCEPTED,
    ).values("user_id")
    return list(
        User.objects.filter(pk__in=accepted)
        .exclude(delivery_memberships__delivery_cohort=dc)
        .order_by("full_name", "pk")
    )


def add_participants(actor: Actor, dc: DeliveryCohort, participants: Iterable[User]) -> int:
    """Add participants whose application with this provider, course and cohort is accepted."""
    added = 0
    with transaction.atomic():
        for person in participants:
            accepted = Application.objects.filter(
                user=person,
                lead_provider=dc.lead_provider,
                course=dc.course,
                cohort=dc.cohort,
                lead_provider_approval_status=ApprovalStatus.ACCEPTED,
            ).exists()
            if not accepted:
                raise ValidationFailed(
                    f"{person.email} has no accepted application for {dc.course.name} with {dc.lead_provider.name}"
                )
            _, created = Membership.objects.get_or_create(
                delivery_cohort=dc, participant=person, defaults={"joined_at": clock.now()}
            )
            if created:
                added += 1
                audit.record(actor, "delivery_cohort.participant_added", dc, after={"participant": person.pk})
    return added


def remove_participant(user: Any, dc: DeliveryCohort, participant: User, reason: str) -> PastMembership:
    """A provider user takes a participant out of a group: the membership goes, a record of it
    (joined, removed, by whom, why) stays, and places booked on sessions to come are given up.
    Attendance already recorded stays as history."""
    _require_provider_user(user, dc)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("Enter why the participant is leaving the group", field="reason")
    now = clock.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(delivery_cohort=dc, participant=participant).first()
        if membership is None:
            raise ValidationFailed(f"{participant.full_name} is not in {dc.name}", field="participant")
        past = PastMembership.objects.create(
            delivery_cohort=dc,
            participant=participant,
            joined_at=membership.joined_at,
            removed_at=now,
            removed_by=user,
            reason=reason[:300],
        )
        membership.delete()
        given_up = SignUp.objects.filter(
            session__delivery_cohort=dc, session__starts_at__gt=now, participant=participant, cancelled_at__isnull=True
        ).update(cancelled_at=now)
        audit.record(
            Actor.person(user),
            "delivery_cohort.participant_removed",
            dc,
            before={"participant": participant.pk, "joined_at": membership.joined_at.isoformat()},
            after={"participant": participant.pk, "reason": past.reason, "places_given_up": given_up},
        )
    return past


def _check_session(title: str, mode: str, place: str, link: str, duration_minutes: int) -> None:
    problems = rules.session_problems(title, mode, DeliveryMode.values, place, link, duration_minutes)
    if problems:
        field, message = problems[0]
        raise ValidationFailed(message, field=field)


def _check_date(dc: DeliveryCohort, starts_at: dt.datetime) -> None:
    window = queries.window_for(dc.cohort_id, dc.course.group)
    problem = rules.session_date_problem(timezone.localdate(starts_at), window)
    if problem:
        raise ValidationFailed(problem, field="date")


def schedule_session(
    user: Any,
    dc: DeliveryCohort,
    *,
    title: str,
    mode: str,
    starts_at: dt.datetime,
    duration_minutes: int = 90,
    place: str = "",
    link: str = "",
    module_id: int | None = None,
) -> Session:
    _require_runner(user, dc)
    _check_session(title, mode, place, link, duration_minutes)
    _check_date(dc, starts_at)
    with transaction.atomic():
        session = Session.objects.create(
            delivery_cohort=dc,
            title=title.strip(),
            mode=mode,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            place=place.strip(),
            link=link.strip(),
            module_id=module_id,
            facilitator=user if user.role == "delivery_partner" else None,
        )
        audit.record(Actor.person(user), "session.scheduled", session, after=audit.snapshot(session))
    return session


def update_session(
    user: Any,
    session: Session,
    *,
    title: str,
    mode: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    place: str = "",
    link: str = "",
) -> Session:
    """Change a session's details or move it to another date inside the cohort's schedule;
    attendance already recorded stays."""
    dc = session.delivery_cohort
    _require_runner(user, dc)
    _check_session(title, mode, place, link, duration_minutes)
    if session.cancelled_at is not None:
        raise ValidationFailed("This session has been cancelled, so it cannot be changed", field="title")
    if starts_at != session.starts_at:
        _check_date(dc, starts_at)
    if session.attendances.exists() and starts_at > clock.now():
        raise ValidationFailed("Attendance has been recorded, so the session cannot move into the future", field="date")
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        fields = ["title", "mode", "starts_at", "duration_minutes", "place", "link"]
        before = audit.snapshot(session, fields)
        session.title, session.mode, session.starts_at = title.strip(), mode, starts_at
        session.duration_minutes, session.place, session.link = duration_minutes, place.strip(), link.strip()
        session.save(update_fields=fields)
        after = audit.snapshot(session, fields)
        if after != before:
            event = "session.moved" if before["starts_at"] != after["starts_at"] else "session.changed"
            audit.record(Actor.person(user), event, session, before=before, after=after)
    return session


def cancel_session(user: Any, session: Session, reason: str) -> Session:
    """Cancel a session with a reason: it stays on the record, marked cancelled, and is not
    counted in anyone's engagement; places booked on it are given up."""
    dc = session.delivery_cohort
    _require_runner(user, dc)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("Enter why the session is cancelled", field="reason")
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.cancelled_at is not None:
            raise ValidationFailed("This session has already been cancelled", field="reason")
        now = clock.now()
        session.cancelled_at, session.cancelled_by, session.cancel_reason = now, user, reason[:300]
        session.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        given_up = session.sign_ups.filter(cancelled_at__isnull=True).update(cancelled_at=now)
        audit.record(
            Actor.person(user),
            "session.cancelled",
            session,
            after={"reason": session.cancel_reason, "places_given_up": given_up},
        )
    return session


def _state_of(session: Session) -> rules.SessionState:
    dc = session.delivery_cohort
    window = queries.window_for(dc.cohort_id, dc.course.group)
    return rules.session_state(session.starts_at, clock.now(), session.cancelled_at is not None, window)


def _place_change(participant: User, session: Session, booking: bool) -> SignUp | None:
    if not session.delivery_cohort.memberships.filter(participant=participant).exists():
        raise PermissionDenied(f"{participant.email} is not in cohort of delivery {session.delivery_cohort_id}")
    with transaction.atomic():
        row = SignUp.objects.select_for_update().filter(session=session, participant=participant).first()
        booked = row is not None and row.cancelled_at is None
        problem = rules.place_change_problem(_state_of(session), booking, booked)
        if problem:
            raise ValidationFailed(problem, field="place")
        now = clock.now()
        if booking:
            if row is None:
                row = SignUp.objects.create(session=session, participant=participant, signed_up_at=now)
            else:
                row.signed_up_at, row.cancelled_at = now, None
                row.save(update_fields=["signed_up_at", "cancelled_at"])
            audit.record(Actor.person(participant), "session.signed_up", session, after={"participant": participant.pk})
        elif row is not None:
            row.cancelled_at = now
            row.save(update_fields=["cancelled_at"])
            audit.record(
                Actor.person(participant), "session.place_cancelled", session, after={"participant": participant.pk}
            )
    return row


def sign_up(participant: User, session: Session) -> SignUp:
    """Book a place on a session still to come (again, after giving one up)."""
    row = _place_change(participant, session, booking=True)
    assert row is not None
    return row


def cancel_place(participant: User, session: Session) -> None:
    """Give up a place booked on a session still to come; the booking's row stays, marked cancelled."""
    _place_change(participant, session, booking=False)


def record_attendance(user: Any, session: Session, marks: Mapping[int, tuple[str, str]]) -> int:
    """Record attendance for many participants at once (participant id -> (status, reason)).
    Every problem is reported before anything is saved. Returns the number of changes."""
    dc = session.delivery_cohort
    _require_runner(user, dc)
    if session.starts_at > clock.now():
        raise ValidationFailed("You cannot record attendance before the session has started")
    if session.cancelled_at is not None:
        raise ValidationFailed("This session was cancelled, so there is no attendance to record")
    members = set(dc.memberships.values_list("participant_id", flat=True))
    for pid, (status, reason) in marks.items():
        if pid not in members:
            raise ValidationFailed(f"Participant {pid} is not in this cohort of delivery")
        if status not in {a.value for a in AttendanceStatus}:
            raise ValidationFailed("Select attended, partly attended or absent", field=f"status-{pid}")
        if status == AttendanceStatus.ABSENT and not reason.strip():
            raise ValidationFailed("Enter the reason for the absence", field=f"reason-{pid}")
    changed = 0
    with transaction.atomic():
        existing = {a.participant_id: a for a in Attendance.objects.select_for_update().filter(session=session)}
        for pid, (status, reason) in marks.items():
            reason = reason.strip() if status == AttendanceStatus.ABSENT else reason.strip()[:300]
            row = existing.get(pid)
            before = {"status": row.status, "reason": row.reason} if row else None
            if row and row.status == status and row.reason == reason:
                continue
            if row is None:
                row = Attendance(session=session, participant_id=pid)
            row.status, row.reason, row.recorded_by, row.recorded_at = status, reason, user, clock.now()
            row.save()
            audit.record(
                Actor.person(user),
                "attendance.recorded",
                session,
                before=before,
                after={"participant": pid, "status": status, "reason": reason},
            )
            changed += 1
    return changed


def _more_behaviours(count: int) -> str:
    return f"the {count} behaviours not rated yet" if count != 1 else "the behaviour not rated yet"


def save_self_evaluation(
    participant: User, dc: DeliveryCohort, behaviours: list[str], ratings: Mapping[str, int], plan: Mapping[str, str]
) -> SelfEvaluation:
    if not dc.memberships.filter(participant=participant).exists():
        raise PermissionDenied(f"{participant.email} is not in cohort of delivery {dc.pk}")
    missing = rules.check_ratings(ratings, behaviours)
    if missing:
        raise ValidationFailed(f"Rate yourself from 1 to 5 on {_more_behaviours(len(missing))}", field=missing[0])
    with transaction.atomic():
        se, _ = SelfEvaluation.objects.select_for_update().get_or_create(participant=participant, delivery_cohort=dc)
        before = {"ratings": se.ratings, "plan": se.plan}
        se.ratings = {k: int(ratings[k]) for k in behaviours}
        se.plan = {k: v.strip()[:1000] for k, v in plan.items() if k in behaviours and v.strip()}
        se.completed_at = se.completed_at or clock.now()
        se.save()
        audit.record(
            Actor.person(participant),
            "self_evaluation.saved",
            se,
            before=before,
            after={"ratings": se.ratings, "plan": se.plan},
        )
    return se


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_colleague(participant: User, se: SelfEvaluation, name: str, email: str, base_url: str) -> FeedbackInvitation:
    """Email a colleague a private link to rate the participant on the behaviours (360°)."""
    if se.participant_id != participant.pk:
        raise PermissionDenied("You can only invite colleagues to your own self-evaluation")
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise ValidationFailed("Enter your colleague's name", field="name")
    if "@" not in email or "." not in email.split("@")[-1]:
        raise ValidationFailed("Enter an email address in the correct format, like name@example.com", field="email")
    if email == participant.email:
        raise ValidationFailed("Invite a colleague, not yourself", field="email")
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        if se.invitations.filter(email=email).exists():
            raise ValidationFailed(f"You have already invited {email}", field="email")
        invitation = FeedbackInvitation.objects.create(
            self_evaluation=se, name=name, email=email, token_hash=_hash(token), sent_at=clock.now()
        )
        audit.record(Actor.person(participant), "feedback.invited", invitation, after={"email": email})
        link = f"{base_url.rstrip('/')}/feedback/{token}"
        mail.send(
            email,
            f"{participant.full_name} asks for your feedback on their leadership",
            f"Dear {name},\n\n{participant.full_name} is starting a National Professional Qualification and asks "
            f"you to rate their leadership behaviours. It takes about five minutes:\n\n{link}\n",
            kind="feedback_invitation",
        )
    return invitation


def invitation_for(token: str) -> FeedbackInvitation:
    invitation = (
        FeedbackInvitation.objects.select_related("self_evaluation__participant")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None:
        raise NotFound("This feedback link is not valid")
    return invitation


def respond_to_invitation(token: str, behaviours: list[str], ratings: Mapping[str, int]) -> FeedbackInvitation:
    missing = rules.check_ratings(ratings, behaviours)
    if missing:
        raise ValidationFailed(f"Rate your colleague from 1 to 5 on {_more_behaviours(len(missing))}", field=missing[0])
    with transaction.atomic():
        invitation = invitation_for(token)
        invitation = FeedbackInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.responded_at is not None:
            raise ValidationFailed("You have already given your feedback. Thank you")
        invitation.ratings = {k: int(ratings[k]) for k in behaviours}
        invitation.responded_at = clock.now()
        invitation.save(update_fields=["ratings", "responded_at"])
        audit.record(Actor(type="person", id="", label=invitation.email), "feedback.given", invitation)
    return invitation


def set_checkpoint(
    user: Any, dc: DeliveryCohort, title: str, prompt: str, due_on: dt.date, module_id: int | None = None
) -> Checkpoint:
    _require_runner(user, dc)
    if not title.strip() or not prompt.strip():
        raise ValidationFailed("Enter a title and the task or reflection prompt", field="title")
    with transaction.atomic():
        cp = Checkpoint.objects.create(
            delivery_cohort=dc, title=title.strip(), prompt=prompt.strip(), due_on=due_on, module_id=module_id
        )
        audit.record(Actor.person(user), "checkpoint.set", cp, after=audit.snapshot(cp))
    return cp


def respond_to_checkpoint(participant: User, cp: Checkpoint, text: str) -> CheckpointResponse:
    if not cp.delivery_cohort.memberships.filter(participant=participant).exists():
        raise PermissionDenied(f"{participant.email} is not in cohort of delivery {cp.delivery_cohort_id}")
    if not text.strip():
        raise ValidationFailed("Enter your response", field="text")
    with transaction.atomic():
        try:
            response = CheckpointResponse.objects.create(
                checkpoint=cp, participant=participant, text=text.strip(), submitted_at=clock.now()
            )
        except IntegrityError as exc:
            raise ValidationFailed("You have already responded to this checkpoint", field="text") from exc
        audit.record(Actor.person(participant), "checkpoint.responded", response)
    return response


def give_feedback(user: Any, response: CheckpointResponse, feedback: str) -> CheckpointResponse:
    _require_runner(user, response.checkpoint.delivery_cohort)
    if not feedback.strip():
        raise ValidationFailed("Enter your feedback", field="feedback")
    with transaction.atomic():
        response = CheckpointResponse.objects.select_for_update().get(pk=response.pk)
        before = {"feedback": response.feedback}
        response.feedback, response.feedback_by, response.feedback_at = feedback.strip(), user, clock.now()
        response.save(update_fields=["feedback", "feedback_by", "feedback_at"])
        audit.record(
            Actor.person(user),
            "checkpoint.feedback_given",
            response,
            before=before,
            after={"feedback": response.feedback},
        )
    return response
