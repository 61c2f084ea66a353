"""Finding the participant, their application with the calling provider, and their withdrawal date.

One at a time (:func:`resolve_participant`, :func:`find_application`, used by outcomes) or for a whole
batch of declarations in a fixed number of queries (:func:`find_declared_applications`,
:func:`withdrawals`); both give the same refusals, worded once below.
"""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.apps import apps

from npq.core.errors import ValidationFailed
from npq.core.identifiers import is_uuid, parse_uuid
from npq.people.models import ParticipantIdChange, User
from npq.reference.models import LeadProvider
from npq.registration.models import Application, ApprovalStatus

#: (participant id as sent, course identifier as sent): what a declaration names its application by.
Key = tuple[str, str]


def replaced(participant_id: str, replacement: object) -> ValidationFailed:
    return ValidationFailed(
        f"The participant_id {participant_id} has been replaced with {replacement}", field="participant_id"
    )


def not_yours(participant_id: str) -> ValidationFailed:
    return ValidationFailed(
        f"The participant_id {participant_id} is not one of your participants", field="participant_id"
    )


def no_application(user_ecf_id: object, course_identifier: str) -> ValidationFailed:
    return ValidationFailed(
        f"The participant {user_ecf_id} has no accepted application with you for {course_identifier}",
        field="course_identifier",
    )


def no_withdrawal(application: Application) -> ValidationFailed:
    return ValidationFailed(
        f"Application {application.ecf_id} is withdrawn but has no withdrawal recorded", field="participant_id"
    )


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
        raise replaced(participant_id, change.to_participant_id)
    raise not_yours(participant_id)


def find_application(provider: LeadProvider, user: User, course_identifier: str, lock: bool = False) -> Application:
    """The participant's accepted application with this provider for the course."""
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
        raise no_application(user.ecf_id, course_identifier)
    return application


def find_declared_applications(
    provider: LeadProvider, keys: Iterable[Key]
) -> dict[Key, Application | ValidationFailed]:
    """The applications a batch of declarations is for, found and locked in one query by participant id.

    Locked in one order (so two batches never wait on each other in a circle), they make concurrent
    requests for one application queue one behind the other. Only for a key that is missing are the
    slower lookups run (two queries for the whole batch), to name the reason: an unknown or retired
    participant id, or no accepted application with this provider for the course."""
    keys = set(keys)
    ids = {k: parse_uuid(k[0]) for k in keys}
    wanted = {i for i in ids.values() if i is not None}
    found: dict[tuple[uuid.UUID, str], Application] = {}
    if wanted:
        rows = (
            Application.objects.select_related("course", "cohort", "schedule", "user")
            .select_for_update(of=("self",))
            .filter(
                user__ecf_id__in=wanted,
                user__is_active=True,  # a merged-away person's id is refused below, naming the id in use
                lead_provider=provider,
                course__identifier__in={course for _, course in keys},
                lead_provider_approval_status=ApprovalStatus.ACCEPTED,
            )
            .order_by("user_id", "course_id", "-accepted_at", "-id")
        )
        for application in rows:  # the first of each participant and course is the latest accepted
            found.setdefault((application.user.ecf_id, application.course.identifier), application)
    answers: dict[Key, Application | ValidationFailed] = {}
    for key, ecf_id in ids.items():
        if ecf_id is not None and (ecf_id, key[1]) in found:
            answers[key] = found[(ecf_id, key[1])]
    missing: set[uuid.UUID] = {i for k, i in ids.items() if k not in answers and i is not None}
    active = set(User.objects.filter(ecf_id__in=missing, is_active=True).values_list("ecf_id", flat=True))
    retired = missing - active
    changes = dict(
        ParticipantIdChange.objects.filter(from_participant_id__in=retired).values_list(
            "from_participant_id", "to_participant_id"
        )
        if retired
        else []
    )
    for key in keys - set(answers):
        ecf_id = ids[key]
        if ecf_id in active:
            answers[key] = no_application(ecf_id, key[1])
        elif ecf_id in changes:
            answers[key] = replaced(key[0], changes[ecf_id])
        else:
            answers[key] = not_yours(key[0])
    return answers


def withdrawals(provider: LeadProvider, applications: Iterable[Application]) -> dict[int, dt.date | ValidationFailed]:
    """For each withdrawn application, the date of the latest withdrawal this provider recorded (one query)."""
    withdrawn = {a.pk: a for a in applications if a.training_status == "withdrawn"}
    if not withdrawn:
        return {}
    history = apps.get_model("training", "ApplicationState")
    latest: dict[int, dt.datetime] = {}
    rows = history.objects.filter(application_id__in=withdrawn, lead_provider=provider, state="withdrawn")
    for application_id, created_at in rows.values_list("application_id", "created_at"):
        if application_id not in latest or created_at > latest[application_id]:
            latest[application_id] = created_at
    return {pk: latest[pk].date() if pk in latest else no_withdrawal(a) for pk, a in withdrawn.items()}
