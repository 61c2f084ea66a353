"""The Department's search across people, applications and declarations, and everything about
one person for the person page. Identity sits above every app, so it reads their models directly."""

import uuid
from typing import Any

from django.db.models import Q, QuerySet

from npq.core.models import AuditEvent
from npq.core.roles import Role
from npq.declarations.models import Declaration
from npq.finance.models import Statement
from npq.people.models import User
from npq.registration.models import Application

LIMIT = 50


def find_people(text: str) -> QuerySet[User]:
    """Participants matching an id (participant, application or declaration), a TRN, a school URN,
    an email, or part of a name. At most ``LIMIT``, by name."""
    text = text.strip()
    people = User.objects.filter(role=Role.PARTICIPANT)
    if not text:
        return people.none()
    try:
        found = uuid.UUID(text)
    except ValueError:
        found = None
    if found is not None:
        match = (
            Q(ecf_id=found)
            | Q(applications__ecf_id=found)
            | Q(pk__in=Declaration.objects.filter(ecf_id=found).values("participant_id"))
        )
    elif text.isdigit() and len(text) == 7:
        match = Q(trn=text)
    elif text.isdigit():
        match = Q(applications__school__urn=text) | Q(applications__private_childcare_provider_urn=text)
    elif "@" in text:
        match = Q(email__iexact=text)
    else:
        match = Q(full_name__icontains=text)
    return people.filter(match).distinct().order_by("full_name", "id")[:LIMIT]


def person_record(person: User) -> dict[str, Any]:
    applications = (
        Application.objects.filter(user=person)
        .select_related("course", "cohort", "lead_provider", "school")
        .order_by("lead_provider__name", "created_at")
    )
    declarations = (
        Declaration.objects.filter(participant=person)
        .select_related("course", "lead_provider")
        .prefetch_related("outcomes")
        .order_by("declaration_date", "id")
    )
    statements = (
        Statement.objects.filter(lines__declaration__participant=person)
        .select_related("lead_provider", "cohort")
        .distinct()
        .order_by("payment_date")
    )
    application_ids = [str(a.pk) for a in applications]
    audit = AuditEvent.objects.filter(
        Q(object_type="people.user", object_id=str(person.pk))
        | Q(object_type="registration.application", object_id__in=application_ids)
    ).order_by("-occurred_at", "-id")[:100]
    return {"applications": applications, "declarations": declarations, "statements": statements, "audit": audit}
