"""What a provider's or delivery partner's staff may see on the training pages, and the searches.

A provider user sees its lead provider's applications; a delivery partner user only those of its
provider that have declarations through the partner (``hooks.applications_with_partner``), and may
act on them only where the provider has granted it (``PartnerAccess``). Ids in URLs are always
looked up inside this scope, so another provider's id is simply not found.
"""

import uuid
from typing import Any

from django.db.models import Q, QuerySet

from npq.core.roles import Role
from npq.reference.models import Cohort, Course
from npq.registration.models import Application, ApprovalStatus
from npq.training import hooks
from npq.training.models import PartnerAccess


def visible_applications(user: Any) -> QuerySet[Application]:
    qs = Application.objects.filter(lead_provider_id=user.lead_provider_id)
    if user.role == Role.DELIVERY_PARTNER:
        qs = qs.filter(id__in=hooks.applications_with_partner(user.lead_provider, user.delivery_partner))
    return qs


def may_act(user: Any) -> bool:
    if user.role == Role.LEAD_PROVIDER:
        return True
    return PartnerAccess.objects.filter(
        lead_provider_id=user.lead_provider_id, delivery_partner_id=user.delivery_partner_id, can_act=True
    ).exists()


def search(qs: QuerySet[Application], text: str) -> QuerySet[Application]:
    """By id (application or participant), TRN (seven digits), email, or part of the name."""
    text = text.strip()
    if not text:
        return qs
    try:
        found = uuid.UUID(text)
    except ValueError:
        pass
    else:
        return qs.filter(Q(ecf_id=found) | Q(user__ecf_id=found))
    if text.isdigit() and len(text) == 7:
        return qs.filter(user__trn=text)
    if "@" in text:
        # Emails are stored lower-cased, so an exact match uses the unique index (iexact would not).
        return qs.filter(user__email=text.lower())
    return qs.filter(user__full_name__icontains=text)


def filtered(qs: QuerySet[Application], choices: dict[str, str]) -> QuerySet[Application]:
    # Cohort and course are looked up to their ids first (a tiny query each): filtering on the
    # joined identifier made PostgreSQL fetch and join the whole cohort before taking a page,
    # while cohort_id = N reads the (lead_provider, cohort, status, id) index newest first.
    for key, model in (("cohort", Cohort), ("course", Course)):
        if choices.get(key):
            found = model.objects.filter(identifier=choices[key]).values_list("id", flat=True).first()
            if found is None:  # an unknown code in the URL matches nothing
                return qs.none()
            qs = qs.filter(**{f"{key}_id": found})
    lookups = {"status": "lead_provider_approval_status", "training_status": "training_status"}
    for key, lookup in lookups.items():
        if choices.get(key):
            qs = qs.filter(**{lookup: choices[key]})
    if choices.get("funded_place") in ("yes", "no"):
        qs = qs.filter(funded_place=choices["funded_place"] == "yes")
    return qs


def participants(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Participants are accepted applications; newest first on the (lead_provider, id) index."""
    return qs.filter(lead_provider_approval_status=ApprovalStatus.ACCEPTED)
