"""Finding the participant, their application with the calling provider, and their withdrawal date."""

import datetime as dt

from django.apps import apps

from npq.core.errors import ValidationFailed
from npq.core.identifiers import is_uuid
from npq.people.models import ParticipantIdChange, User
from npq.reference.models import LeadProvider
from npq.registration.models import Application, ApprovalStatus


def resolve_participant(participant_id: str) -> User:
    """The participant by public id; a retired id (merged identities) is refused, naming its replacement."""
    user = User.objects.filter(ecf_id=participant_id).first() if is_uuid(participant_id) else None
    if user is not None and user.is_active:
        return user
    change = (
        ParticipantIdChange.objects.filter(from_participant_id=participant_id).first()
        if is_uuid(participant_id)
        else None
    )
    if change is not None:
        raise ValidationFailed(
            f"The participant_id {participant_id} has been replaced with {change.to_participant_id}",
            field="participant_id",
        )
    raise ValidationFailed(
        f"The participant_id {participant_id} is not one of your participants", field="participant_id"
    )


def find_application(provider: LeadProvider, user: User, course_identifier: str, lock: bool = False) -> Application:
    """The participant's accepted application with this provider for the course; locked when declaring so
    that concurrent requests for one application queue one behind the other."""
    query = Application.objects.select_related("course", "cohort", "schedule", "user", "lead_provider")
    if lock:
        query = query.select_for_update(of=("self",))
    application = (
        query.filter(
            user=user,
            lead_provider=provider,
            course__identifier=course_identifier,
            lead_provider_approval_status=ApprovalStatus.ACCEPTED,
        )
        .order_by("-accepted_at", "-id")
        .first()
    )
    if application is None:
        raise ValidationFailed(
            f"The participant {user.ecf_id} has no accepted application with you for {course_identifier}",
            field="course_identifier",
        )
    return application


def find_declared_application(provider: LeadProvider, participant_id: str, course_identifier: str) -> Application:
    """The application a new declaration is for, found and locked in one query by the participant's public id.

    Only when it is missing are the slower lookups run, to name the reason: an unknown or retired
    participant id, or no accepted application with this provider for the course."""
    if is_uuid(participant_id):
        found = (
            Application.objects.select_related("course", "cohort", "schedule", "user")
            .select_for_update(of=("self",))
            .filter(
                user__ecf_id=participant_id,
                user__is_active=True,  # a merged-away person's id is refused below, naming the id in use
                lead_provider=provider,
                course__identifier=course_identifier,
                lead_provider_approval_status=ApprovalStatus.ACCEPTED,
            )
            .order_by("-accepted_at", "-id")
            .first()
        )
        if found is not None:
            return found
    return find_application(provider, resolve_participant(participant_id), course_identifier, lock=True)


def withdrawn_on(application: Application, provider: LeadProvider) -> dt.date | None:
    """The date of the latest withdrawal recorded by this provider, if the participant is withdrawn."""
    if application.training_status != "withdrawn":
        return None
    history = apps.get_model("training", "ApplicationState")
    latest = (
        history.objects.filter(application=application, lead_provider=provider, state="withdrawn")
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if latest is None:
        raise ValidationFailed(
            f"Application {application.ecf_id} is withdrawn but has no withdrawal recorded", field="participant_id"
        )
    return latest.date()
