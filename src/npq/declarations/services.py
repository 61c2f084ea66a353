"""Use cases for declarations: record (idempotent, never twice), void, change delivery partner."""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from npq.core import audit, clock
from npq.core.errors import NotFound, PermissionDenied, ValidationFailed
from npq.declarations import facts, hooks, rules
from npq.declarations.models import Declaration, OutcomeState, ParticipantOutcome
from npq.declarations.recording import IN_ENGLAND, DeclarationInput, DeclarationRefused, record_declarations
from npq.declarations.states import change_state
from npq.reference.models import LeadProvider

__all__ = [
    "DeclarationInput",
    "DeclarationRefused",
    "change_delivery_partner",
    "record_declaration",
    "void_declaration",
]


def record_declaration(
    provider: LeadProvider, actor: audit.Actor, data: DeclarationInput, today: dt.date | None = None
) -> tuple[Declaration, bool]:
    """Record a declaration, or return the one an identical earlier request made (created=False).

    A batch of one through :func:`npq.declarations.recording.record_declarations`, so the single
    endpoint, the bulk endpoint and the CSV upload make the same checks in the same code; raises
    :class:`DeclarationRefused` (or the lookup's error) when refused."""
    (recorded,) = record_declarations(provider, actor, [data], today)
    if recorded.error is not None:
        raise recorded.error
    assert recorded.declaration is not None  # noqa: S101 - no error means a declaration
    return recorded.declaration, recorded.created


def _own_declaration(provider: LeadProvider, declaration_id: str, lock: bool = False) -> Declaration:
    query = Declaration.objects.select_for_update() if lock else Declaration.objects
    visible = query.filter(Q(lead_provider=provider) | Q(application__lead_provider=provider))
    declaration = visible.filter(ecf_id=declaration_id).first()
    if declaration is None:
        raise NotFound(f"Declaration {declaration_id} not found")
    if declaration.lead_provider_id != provider.pk:
        raise PermissionDenied(f"Declaration {declaration_id} was made by another lead provider")
    return declaration


def void_declaration(provider: LeadProvider, actor: audit.Actor, declaration_id: str) -> Declaration:
    """Unpaid → voided; paid → awaiting clawback with a clawback line on the next open statement."""
    today, now = clock.today(), clock.now()
    with transaction.atomic():
        declaration = _own_declaration(provider, declaration_id, lock=True)
        before = declaration.state
        target = rules.void_target(rules.State(before))
        if target is None:
            raise ValidationFailed(f"Declaration {declaration.ecf_id} is {before} and cannot be voided", field="id")
        hooks.ledger.ask().take_back(declaration, today, now, reason=f"declaration voided by {actor.label}")
        change_state(declaration, target, "voided by provider", now)
        if declaration.declaration_type == rules.DeclarationType.COMPLETED:
            latest = declaration.outcomes.order_by("-created_at", "-id").first()
            if latest is not None and latest.state != OutcomeState.VOIDED:
                ParticipantOutcome.objects.create(
                    declaration=declaration,
                    state=OutcomeState.VOIDED,
                    completion_date=latest.completion_date,
                    created_at=now,
                )
            hooks.declaration_changed.tell(declaration, actor)  # released results note they lost their declaration
            hooks.outcome_changed.tell(declaration, actor)
        audit.record(actor, "declaration.voided", declaration, before={"state": before}, after={"state": target})
    return declaration


def change_delivery_partner(
    provider: LeadProvider, actor: audit.Actor, declaration_id: str, primary: str | None, secondary: str | None
) -> Declaration:
    with transaction.atomic():
        declaration = _own_declaration(provider, declaration_id, lock=True)
        application = declaration.application
        partners = facts.partners(provider, [application.cohort_id], [primary, secondary])
        problems = rules.assess_delivery_partners(
            declaration.cohort.start_year,
            application.teacher_catchment in IN_ENGLAND,
            primary,
            secondary,
            partners.known,
            partners.in_partnership(application.cohort_id),
        )
        if not primary:
            problems.insert(0, ("delivery_partner_id", "Enter a delivery partner"))
        if problems:
            raise DeclarationRefused(problems)
        before = audit.snapshot(declaration, ["delivery_partner_id", "secondary_delivery_partner_id"])
        declaration.delivery_partner = partners.found.get(primary or "")
        declaration.secondary_delivery_partner = partners.found.get(secondary or "")
        declaration.updated_at = clock.now()
        declaration.save(update_fields=["delivery_partner", "secondary_delivery_partner", "updated_at"])
        after = audit.snapshot(declaration, ["delivery_partner_id", "secondary_delivery_partner_id"])
        audit.record(actor, "declaration.delivery_partner_changed", declaration, before=before, after=after)
    return declaration
