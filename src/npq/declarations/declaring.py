"""Declaration requests, start to answer: shared by the single endpoint, the bulk endpoint and the CSV
upload, so all three apply exactly the same checks and give exactly the same error bodies.

Each item's answer is the HTTP status and body the single endpoint gives (the API's one mapping from
domain errors, ``npq.api.errors``), plus whether a declaration was created or an identical earlier
one returned. The items of one request are recorded together (``recording.record_declarations``).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError

from npq.api import errors
from npq.core.audit import Actor
from npq.core.errors import NPQError, ValidationFailed
from npq.declarations.recording import DeclarationInput, DeclarationRefused, Recorded, record_declarations
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


def _refusal(error: NPQError) -> Answer:
    if isinstance(error, DeclarationRefused):
        return Answer(422, problems(error.problems), "error")
    return Answer(errors.status_for(error), errors.body_for(error), "error")


def _parsed(raw: Any) -> DeclarationInput | Answer:
    """The declaration a request body asks for, or the single endpoint's 400/422 for a malformed one."""
    if isinstance(raw, DeclarationBody):
        body = raw
    else:
        try:
            body = DeclarationBody.model_validate(raw)
        except ValidationError as exc:
            status, payload = errors.validation_body(NinjaValidationError([dict(e) for e in exc.errors()]))
            return Answer(status, payload, "error")
    try:
        if body.data.type != "participant-declaration":
            raise errors.BadRequest("correct json data structure required")
        a = body.data.attributes
        return DeclarationInput(
            participant_id=a.participant_id,
            declaration_type=a.declaration_type,
            declaration_date=declaration_date(a.declaration_date),
            course_identifier=a.course_identifier,
            has_passed=a.has_passed,
            delivery_partner_id=a.delivery_partner_id,
            secondary_delivery_partner_id=a.secondary_delivery_partner_id,
        )
    except NPQError as exc:
        return _refusal(exc)


def declare_many(provider: LeadProvider, actor: Actor, bodies: list[Any]) -> list[Answer]:
    """Answer each request body (parsed or raw), recording every valid one in one transaction."""
    parsed = [_parsed(b) for b in bodies]
    inputs = [p for p in parsed if isinstance(p, DeclarationInput)]
    recorded = iter(record_declarations(provider, actor, inputs) if inputs else [])
    results: list[Answer | Recorded] = [p if isinstance(p, Answer) else next(recorded) for p in parsed]
    # An identical earlier request's declaration is answered as it is now (one read for all of them).
    made_here = {id(r.declaration) for r in results if isinstance(r, Recorded) and r.created}
    earlier = {
        r.declaration.ecf_id
        for r in results
        if isinstance(r, Recorded) and r.declaration is not None and id(r.declaration) not in made_here
    }
    current = {d.ecf_id: d for d in visible_declarations(provider).filter(ecf_id__in=earlier)} if earlier else {}
    answers = []
    for r in results:
        if isinstance(r, Answer):
            answers.append(r)
        elif r.error is not None or r.declaration is None:
            answers.append(_refusal(r.error or errors.BadRequest("correct json data structure required")))
        else:
            shown = r.declaration if id(r.declaration) in made_here else current[r.declaration.ecf_id]
            answers.append(Answer(200, {"data": declaration_resource(shown)}, "created" if r.created else "repeat"))
    return answers


def declare(provider: LeadProvider, actor: Actor, body: DeclarationBody) -> Answer:
    """Record one declaration from a parsed request body; never raises for a refused declaration."""
    return declare_many(provider, actor, [body])[0]


def declare_raw(provider: LeadProvider, actor: Actor, raw: Any) -> Answer:
    """Like :func:`declare`, from an unparsed body: a malformed one gets the single endpoint's 400/422."""
    return declare_many(provider, actor, [raw])[0]
