"""Bulk accept (extension): ``POST /api/v3/npq-applications/bulk-accept`` with up to 500 applications.

Mounted at ``/npq-applications`` before the applications router (its ``/{id}`` would otherwise
match ``bulk-accept``). Each item is ``{"id": <application id>, "attributes": {...}}``, the
attributes being those of ``POST /npq-applications/{id}/accept``; each is accepted by the same
service with the same scoping, and answered with the status and body that endpoint would give.
One transaction per batch with a savepoint per item, as for bulk declarations.
"""

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError

from npq.api import errors, paging
from npq.api.scoping import ProviderScope, scope_of
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.training import serializers, services
from npq.training.schemas import AcceptRequest

router = Router(tags=["Extensions"])
LIMIT = 500


class BulkAcceptBody(Schema):
    data: list[dict[str, Any]]


def accept_one(scope: ProviderScope, actor: Actor, item: dict[str, Any]) -> tuple[int, dict[str, Any], str]:
    """(status, body, outcome) as ``POST /npq-applications/{id}/accept`` would answer for ``item``."""
    try:
        # Validated in the single endpoint's envelope, so an error names '#/attribute' the same way.
        request = AcceptRequest.model_validate({"data": {"attributes": item.get("attributes") or {}}})
    except ValidationError as exc:
        status, body = errors.validation_body(NinjaValidationError([dict(e) for e in exc.errors()]))
        return status, body, "error"
    attributes = request.data.attributes
    try:
        app = scope.application(str(item.get("id", "")))
        services.accept_application(
            app, actor, funded_place=attributes.funded_place, schedule_identifier=attributes.schedule_identifier
        )
        return 200, {"data": serializers.application_of(app)}, "accepted"
    except NPQError as exc:
        return errors.status_for(exc), errors.body_for(exc), "error"


@router.post(
    "/bulk-accept",
    summary="Accept many NPQ applications in one request (extension)",
    openapi_extra={"x-npq-extension": True},
    description=(
        "**Extension: not in the Department's v3 contract.** Up to 500 items in `data`, each "
        '`{"id": application id, "attributes": {"funded_place", "schedule_identifier"}}`. Each is accepted '
        "exactly as `POST /npq-applications/{id}/accept` would, and answered with that endpoint's status and "
        "body. One transaction per batch, a savepoint per item: a refused item never undoes another."
    ),
)
def bulk_accept(request: HttpRequest, body: BulkAcceptBody) -> HttpResponse:
    if not body.data or len(body.data) > LIMIT:
        raise errors.BadRequest(f"Send from 1 to {LIMIT} applications in one request; this one has {len(body.data)}")
    scope, actor = scope_of(request), Actor.provider_token(request.auth)  # type: ignore[attr-defined]
    answers = []
    with transaction.atomic():
        for index, item in enumerate(body.data):
            status, answer, outcome = accept_one(scope, actor, item if isinstance(item, dict) else {})
            answers.append({"index": index, "outcome": outcome, "status": status, "body": answer})
    counts = {kind: sum(1 for a in answers if a["outcome"] == kind) for kind in ("accepted", "error")}
    return paging.json_response({"data": answers, "meta": counts})
