"""One declaration request, start to answer: shared by the single endpoint, the bulk endpoint and the
CSV upload, so all three apply exactly the same checks and give exactly the same error bodies.

The answer is the HTTP status and body the single endpoint gives (the API's one mapping from
domain errors, ``npq.api.errors``), plus whether a declaration was created or an identical
earlier one returned.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError

from npq.api import errors
from npq.core.audit import Actor
from npq.core.errors import NPQError, ValidationFailed
from npq.declarations import services
from npq.declarations.schemas import DeclarationBody
from npq.declarations.serializers import declaration_resource, visible_declarations
from npq.reference.models import LeadProvider

Outcome = Literal["created", "repeat", "error"]


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    outcome: Outcome


def declaration_date(value: str) -> dt.datetime:
    """RFC 3339 with a time, as the contract requires (``2026-02-01T09:00:00Z``)."""
    try:
        if "T" not in value:
            raise ValueError(value)
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationFailed(
            "Enter a valid RFC 3339 date and time for '#/declaration_date'", field="declaration_date"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def problems(found: list[tuple[str, str]]) -> dict[str, Any]:
    return {"errors": [{"title": f, "detail": m} for f, m in found]}


def declare(provider: LeadProvider, actor: Actor, body: DeclarationBody) -> Answer:
    """Record one declaration from a parsed request body; never raises for a refused declaration."""
    try:
        if body.data.type != "participant-declaration":
            raise errors.BadRequest("correct json data structure required")
        a = body.data.attributes
        data = services.DeclarationInput(
            participant_id=a.participant_id,
            declaration_type=a.declaration_type,
            declaration_date=declaration_date(a.declaration_date),
            course_identifier=a.course_identifier,
            has_passed=a.has_passed,
            delivery_partner_id=a.delivery_partner_id,
            secondary_delivery_partner_id=a.secondary_delivery_partner_id,
        )
        declaration, created = services.record_declaration(provider, actor, data)
    except services.DeclarationRefused as refused:
        return Answer(422, problems(refused.problems), "error")
    except NPQError as exc:
        return Answer(errors.status_for(exc), errors.body_for(exc), "error")
    if not created:  # an identical earlier request: answer with the declaration as it is now
        declaration = visible_declarations(provider).get(ecf_id=declaration.ecf_id)
    return Answer(200, {"data": declaration_resource(declaration)}, "created" if created else "repeat")


def declare_raw(provider: LeadProvider, actor: Actor, raw: Any) -> Answer:
    """Like :func:`declare`, from an unparsed body: a malformed one gets the single endpoint's 400/422."""
    try:
        body = DeclarationBody.model_validate(raw)
    except ValidationError as exc:
        status, payload = errors.validation_body(NinjaValidationError([dict(e) for e in exc.errors()]))
        return Answer(status, payload, "error")
    return declare(provider, actor, body)
