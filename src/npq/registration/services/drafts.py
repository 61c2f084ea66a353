"""Answers saved as the person goes (signed in: database; checking funding: the session).

A draft is a change of state like any other: starting one, each save that changes an answer and
its end on submission are audit events on the draft, with the answers before and after.
"""

from typing import Any

from django.db import transaction

from npq.core import audit
from npq.people.models import User
from npq.registration.models import RegistrationDraft


def load_answers(user: User) -> dict[str, Any]:
    draft = RegistrationDraft.objects.filter(user=user).first()
    return dict(draft.answers) if draft else {}


def _difference(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answers that changed, including those removed (shown as None after)."""
    keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def save_answers(user: User, answers: dict[str, Any]) -> None:
    """Keep the person's answers so far; a save that changes nothing records nothing."""
    actor = audit.Actor.person(user)
    with transaction.atomic():
        draft = RegistrationDraft.objects.select_for_update().filter(user=user).first()
        if draft is None:
            draft = RegistrationDraft.objects.create(user=user, answers=answers)
            audit.record(actor, "registration_draft.started", draft, after={"answers": answers})
            return
        if draft.answers == answers:
            return
        before, after = _difference(draft.answers, answers)
        draft.answers = answers
        draft.save(update_fields=["answers", "updated_at"])
        audit.record(actor, "registration_draft.answered", draft, before=before, after=after)


def end_draft(user: User, application_ecf_id: str) -> None:
    """The draft became an application: remove it, saying which application it became. Called
    inside the submission's transaction."""
    draft = RegistrationDraft.objects.filter(user=user).first()
    if draft is None:
        return
    audit.record(
        audit.Actor.person(user),
        "registration_draft.submitted",
        draft,
        before={"answers": draft.answers},
        after={"application": application_ecf_id},
    )
    draft.delete()
