"""Merging a duplicate participant into the one kept: one transaction, history appended.

The merge is the one place that knows every record following a person (``FOLLOWERS``): it sits
above every app that holds participant records, so it names their models directly.
"""

import uuid

from django.db import models, transaction

from npq.assessment.models import Draft, Extension, Submission
from npq.core import audit, clock
from npq.core.errors import ValidationFailed
from npq.core.identifiers import parse_uuid
from npq.core.roles import Role
from npq.declarations.models import Declaration
from npq.delivery.models import Attendance, CheckpointResponse, Membership, PastMembership, SelfEvaluation, SignUp
from npq.identity import rules
from npq.people.models import ParticipantIdChange, User
from npq.registration.models import Application, ApprovalStatus

# Participant records held in other apps that follow a person through a merge:
# (model, person field, fields that are unique together with the person, what a clash means).
FOLLOWERS: tuple[tuple[type[models.Model], str, tuple[str, ...], str], ...] = (
    (Application, "user", (), ""),
    (Declaration, "participant", (), ""),
    (Membership, "participant", ("delivery_cohort_id",), "places in the same delivery cohort"),
    (PastMembership, "participant", (), ""),
    (SignUp, "participant", ("session_id",), "sign-ups to the same session"),
    (Attendance, "participant", ("session_id",), "attendance at the same session"),
    (SelfEvaluation, "participant", ("delivery_cohort_id",), "self-evaluations in the same cohort"),
    (CheckpointResponse, "participant", ("checkpoint_id",), "responses to the same checkpoint"),
    (Extension, "participant", (), ""),
    (Submission, "participant", ("window_id", "attempt"), "the same attempt in one window"),
    (Draft, "participant", ("window_id",), "uploads not yet submitted for the same task"),
)


def _participant_uuid(value: object, field: str) -> uuid.UUID:
    found = parse_uuid(value)
    if found is None:
        raise ValidationFailed(f"{value!r} is not a participant id", field=field)
    return found


def _side(user: User) -> rules.Side:
    live = (
        Application.objects.filter(user=user, lead_provider_approval_status=ApprovalStatus.ACCEPTED)
        .exclude(training_status="withdrawn")
        .values_list("course__identifier", "cohort__identifier")
    )
    return rules.Side(
        participant_id=str(user.ecf_id),
        is_participant=user.role == Role.PARTICIPANT,
        retired=not user.is_active or ParticipantIdChange.objects.filter(from_participant_id=user.ecf_id).exists(),
        trn=user.trn,
        enrolments=tuple(live),
    )


def _clashes(retiring: User, keeping: User) -> tuple[str, ...]:
    found = []
    for model, field, keys, label in FOLLOWERS:
        if not keys:
            continue
        mine = set(model._default_manager.filter(**{field: retiring}).values_list(*keys))
        if mine and mine & set(model._default_manager.filter(**{field: keeping}).values_list(*keys)):
            found.append(label)
    return tuple(found)


def _merge_case(
    from_participant_id: object, to_participant_id: object, *, lock: bool
) -> tuple[User, User, list[rules.Problem]]:
    old_id = _participant_uuid(from_participant_id, "from_participant_id")
    new_id = _participant_uuid(to_participant_id, "to_participant_id")
    people = User.objects.filter(ecf_id__in=[old_id, new_id]).order_by("pk")
    if lock:  # both people, in a fixed order, so two merges touching the same person queue
        people = people.select_for_update()
    found = {u.ecf_id: u for u in people}
    for wanted, field in ((old_id, "from_participant_id"), (new_id, "to_participant_id")):
        if wanted not in found:
            raise ValidationFailed(f"No person has the participant id {wanted}", field=field)
    retiring, keeping = found[old_id], found[new_id]
    case = rules.MergeCase(
        retiring=_side(retiring),
        keeping=_side(keeping),
        clashes=() if old_id == new_id else _clashes(retiring, keeping),
    )
    return retiring, keeping, rules.merge_problems(case)


def merge_preview(from_participant_id: object, to_participant_id: object) -> tuple[User, User, list[tuple[str, str]]]:
    """The two people and any reasons the merge would be refused (reads only; for the confirmation page)."""
    return _merge_case(from_participant_id, to_participant_id, lock=False)


def merge_participants(
    from_participant_id: object, to_participant_id: object, actor: audit.Actor
) -> ParticipantIdChange:
    """Merge a duplicate person into the one kept, in one transaction.

    The retired person's applications (with their training history), declarations and delivery
    and assessment records move to the kept person; the kept person takes over the retired one's
    earlier id changes, and a new ``ParticipantIdChange`` (from the retired id to the kept id) is
    appended. The retired person is closed (signs in no more, email archived) and keeps their row,
    so the retired id still resolves to the change (the API answers 410). Refusals are in
    :func:`npq.identity.rules.merge_problems`.
    """
    with transaction.atomic():
        retiring, keeping, problems = _merge_case(from_participant_id, to_participant_id, lock=True)
        if problems:
            raise ValidationFailed("; ".join(message for _f, message in problems), field=problems[0][0])
        now = clock.now()
        moved: dict[str, int] = {}
        for model, field, _keys, _label in FOLLOWERS:
            changes: dict[str, object] = {field: keeping}
            if any(f.name == "updated_at" for f in model._meta.get_fields()):
                changes["updated_at"] = now  # so filter[updated_since] finds the moved records
            count = model._default_manager.filter(**{field: retiring}).update(**changes)
            if count:
                moved[f"{model._meta.app_label}.{model.__name__}"] = count
        earlier = ParticipantIdChange.objects.filter(user=retiring).update(user=keeping)
        # QuerySet.update sends no post_save, so the change feed has not seen the moved applications
        # yet: creating the change and saving the kept person below puts all of theirs on it.
        change = ParticipantIdChange.objects.create(
            user=keeping, from_participant_id=retiring.ecf_id, to_participant_id=keeping.ecf_id, changed_at=now
        )
        keeping_before = audit.snapshot(keeping, ["trn", "date_of_birth"])
        if not keeping.trn and retiring.trn:
            keeping.trn = retiring.trn
        if keeping.date_of_birth is None and retiring.date_of_birth is not None:
            keeping.date_of_birth = retiring.date_of_birth
        keeping.save()  # bumps updated_at and puts every application of the kept person on the change feed
        retiring_before = audit.snapshot(retiring, ["email", "is_active"])
        retiring.email = f"archived-{retiring.pk}-{retiring.email}"[:254]
        retiring.is_active = False
        retiring.save()
        b, a = audit.changes(keeping_before, audit.snapshot(keeping, ["trn", "date_of_birth"]))
        audit.record(
            actor,
            "participant.merged",
            keeping,
            before=b,
            after={
                **a,
                "from_participant_id": str(retiring.ecf_id),
                "to_participant_id": str(keeping.ecf_id),
                "moved": moved,
                "earlier_id_changes_moved": earlier,
            },
        )
        audit.record(
            actor,
            "participant.retired",
            retiring,
            before=retiring_before,
            after={**audit.snapshot(retiring, ["email", "is_active"]), "merged_into": str(keeping.ecf_id)},
        )
    return change
