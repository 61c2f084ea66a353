"""Answers saved as the person goes (signed in: database; checking funding: the session)."""

from typing import Any

from django.db import transaction

from npq.people.models import User
from npq.registration.models import RegistrationDraft


def load_answers(user: User) -> dict[str, Any]:
    draft = RegistrationDraft.objects.filter(user=user).first()
    return dict(draft.answers) if draft else {}


def save_answers(user: User, answers: dict[str, Any]) -> None:
    with transaction.atomic():
        RegistrationDraft.objects.update_or_create(user=user, defaults={"answers": answers})
