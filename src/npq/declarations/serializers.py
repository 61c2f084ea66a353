"""Declarations and outcomes as the contract's resources (``{"id", "type", "attributes"}``)."""

from typing import Any

from django.db.models import Q, QuerySet

from npq.core.identifiers import contract_timestamp
from npq.declarations import hooks
from npq.declarations.models import Declaration, ParticipantOutcome
from npq.reference.models import LeadProvider


def visible_declarations(provider: LeadProvider) -> QuerySet[Declaration]:
    """Declarations made by the provider, and those on applications it now holds (read-only to it)."""
    return (
        Declaration.objects.filter(Q(lead_provider=provider) | Q(application__lead_provider=provider))
        .select_related(
            "participant", "course", "lead_provider", "application", "delivery_partner", "secondary_delivery_partner"
        )
        .prefetch_related("statement_lines__statement", "outcomes")
    )


def hold_related(declaration: Declaration, lines: list[Any], outcomes: list[ParticipantOutcome]) -> None:
    """Fill the two relations :func:`visible_declarations` prefetches, for a declaration this request has
    just written with all of its lines and outcomes, so its response is rendered without reading them back.
    Done the way Django's prefetching stores them: an evaluated queryset per relation."""
    cache = declaration.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, rows in (("statement_lines", lines), ("outcomes", outcomes)):
        # What the related manager's ``.all()`` gives (still filtered on the declaration, should anyone
        # refine it), built with one clone instead of three: a batch of 500 otherwise spends more here
        # than on the rest of its work per item.
        relation = getattr(Declaration, name)
        queryset: Any = QuerySet(model=relation.rel.related_model)
        queryset._defer_next_filter = True
        queryset = queryset.filter(**{relation.field.name: declaration})
        queryset._result_cache = rows
        queryset._prefetch_done = True
        cache[name] = queryset


def _has_passed(declaration: Declaration) -> bool | None:
    outcomes = sorted(declaration.outcomes.all(), key=lambda o: (o.created_at, o.pk))
    if not outcomes or outcomes[-1].state == "voided":
        return None
    return outcomes[-1].state == "passed"


def _statements(declaration: Declaration) -> tuple[str | None, str | None]:
    output = clawback = None
    for line in sorted(declaration.statement_lines.all(), key=lambda x: (x.created_at, x.pk)):
        if line.kind == "output":
            output = str(line.statement.ecf_id)
        elif line.kind == "clawback":
            clawback = str(line.statement.ecf_id)
    return output, clawback


def declaration_resource(d: Declaration) -> dict[str, Any]:
    statement_id, clawback_statement_id = _statements(d)
    primary, secondary = d.delivery_partner, d.secondary_delivery_partner
    return {
        "id": str(d.ecf_id),
        "type": "participant-declaration",
        "attributes": {
            "participant_id": str(d.participant.ecf_id),
            "declaration_type": d.declaration_type,
            "course_identifier": d.course.identifier,
            "declaration_date": contract_timestamp(d.declaration_date),
            "state": d.state,
            "has_passed": _has_passed(d),
            "statement_id": statement_id,
            "clawback_statement_id": clawback_statement_id,
            "uplift_paid": False,
            "lead_provider_name": d.lead_provider.name,
            "ineligible_for_funding_reason": d.state_reason or None,
            "delivery_partner_id": str(primary.ecf_id) if primary else None,
            "delivery_partner_name": primary.name if primary else None,
            "secondary_delivery_partner_id": str(secondary.ecf_id) if secondary else None,
            "secondary_delivery_partner_name": secondary.name if secondary else None,
            "application_id": str(d.application.ecf_id),
            "created_at": contract_timestamp(d.created_at),
            "updated_at": contract_timestamp(d.updated_at),
        },
    }


def outcome_resources(outcomes: list[ParticipantOutcome]) -> list[dict[str, Any]]:
    """Outcomes as resources, each with the award it led to (asked of awards once per page)."""
    awards = hooks.outcome_awards.ask(outcomes) if hooks.outcome_awards.answered else {}
    return [outcome_resource(o, awards.get(o.pk)) for o in outcomes]


def outcome_resource(o: ParticipantOutcome, award: hooks.OutcomeAward | None = None) -> dict[str, Any]:
    return {
        "id": str(o.ecf_id),
        "type": "participant-outcome",
        "attributes": {
            "state": o.state,
            "completion_date": o.completion_date.isoformat(),
            "course_identifier": o.declaration.course.identifier,
            "participant_id": str(o.declaration.participant.ecf_id),
            "created_at": contract_timestamp(o.created_at),
            "updated_at": contract_timestamp(o.created_at),
            "award": _award(award),
        },
    }


def _award(award: hooks.OutcomeAward | None) -> dict[str, Any] | None:
    """An addition to the contract's attributes: the qualification awarded from a passed outcome."""
    if award is None:
        return None
    return {
        **award,
        "awarded_on": award["awarded_on"].isoformat(),
        "revoked_on": award["revoked_on"].isoformat() if award["revoked_on"] else None,
    }
