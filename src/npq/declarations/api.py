"""Lead Provider API v3: participant declarations and participant outcomes.

Thin: parse, call one service, render. Every query is scoped to the token's lead provider.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from npq.api.errors import BadRequest
from npq.api.paging import envelope, ids, json_response, page_request, since, years
from npq.api.scoping import scope_of
from npq.core.audit import Actor
from npq.core.errors import NotFound, ValidationFailed
from npq.core.identifiers import parse_uuid
from npq.declarations import declaring, services
from npq.declarations import outcomes as outcome_services
from npq.declarations.schemas import BulkDeclarationBody, ChangePartnerBody, DeclarationBody, OutcomeBody
from npq.declarations.serializers import declaration_resource, outcome_resources, visible_declarations

router = Router(tags=["Participant declarations"])
outcomes_router = Router(tags=["NPQ Participant Outcomes"])


def _provider(request: HttpRequest) -> Any:
    return request.auth.lead_provider  # type: ignore[attr-defined]


def _actor(request: HttpRequest) -> Actor:
    return Actor.provider_token(request.auth)  # type: ignore[attr-defined]


@router.get("", summary="Retrieve multiple participant declarations")
def list_declarations(
    request: HttpRequest,
    participant_id: str | None = Query(None, alias="filter[participant_id]"),
    cohort: str | None = Query(None, alias="filter[cohort]"),
    updated_since: str | None = Query(None, alias="filter[updated_since]"),
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]"),
) -> HttpResponse:
    paging = page_request(page, per_page)
    queryset = visible_declarations(_provider(request))
    wanted = ids(participant_id, "participant_id")
    if wanted is not None:
        queryset = queryset.filter(participant__ecf_id__in=wanted)
    cohort_years = years(cohort)
    if cohort_years:
        queryset = queryset.filter(cohort__start_year__in=cohort_years)
    moment = since(updated_since, "updated_since")
    if moment:
        queryset = queryset.filter(updated_at__gte=moment)
    rows = paging.slice(queryset.order_by("created_at", "id"))
    return envelope([declaration_resource(d) for d in rows])


# Before /{id}: Django would otherwise match "bulk" as an id and answer 405.
BULK_LIMIT = 500


@router.post(
    "/bulk",
    summary="Declare many milestones in one request (extension)",
    tags=["Extensions"],
    openapi_extra={"x-npq-extension": True},
    description=(
        "**Extension: not in the Department's v3 contract.** Up to 500 items in `data`, each exactly the "
        "`data` object the single endpoint takes. Each item is checked with the single endpoint's rules, in "
        "order, as if sent one after another (a second identical item answers `repeat`). The batch is read "
        "in a fixed number of queries and written in one transaction: a refused item never undoes another, "
        "and if the request fails as a whole (for example 409 when another request recorded one of its "
        "declarations at the same moment) nothing is recorded, so sending the same batch again is always "
        "safe (items already recorded answer `repeat`). The answer lists every item in order: `status` and "
        "`body` are what the single endpoint would have answered for it, and `outcome` is `created`, "
        "`repeat` or `error`. The request counts once against the rate limit."
    ),
)
def create_declarations_in_bulk(request: HttpRequest, body: BulkDeclarationBody) -> HttpResponse:
    if not body.data:
        raise BadRequest("correct json data structure required")
    if len(body.data) > BULK_LIMIT:
        raise BadRequest(f"Send at most {BULK_LIMIT} declarations in one request; this one has {len(body.data)}")
    found = declaring.declare_many(_provider(request), _actor(request), [{"data": item} for item in body.data])
    answers = [
        {"index": index, "outcome": a.outcome, "status": a.status, "body": a.body} for index, a in enumerate(found)
    ]
    counts = {kind: sum(1 for a in answers if a["outcome"] == kind) for kind in ("created", "repeat", "error")}
    return json_response({"data": answers, "meta": counts})


@router.get("/{id}", summary="Retrieve a single participant declaration")
def show_declaration(request: HttpRequest, id: str) -> HttpResponse:
    found = visible_declarations(_provider(request)).filter(ecf_id=_uuid(id)).first()
    if found is None:
        raise NotFound(f"No declaration {id}")
    return envelope(declaration_resource(found))


def _uuid(value: str) -> str:
    found = parse_uuid(value)
    if found is None:
        raise NotFound(f"No record with id {value}")
    return str(found)


def _reload(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    return envelope(declaration_resource(visible_declarations(_provider(request)).get(ecf_id=ecf_id)))


@router.post("", summary="Declare a participant has reached a milestone")
def create_declaration(request: HttpRequest, body: DeclarationBody) -> HttpResponse:
    answer = declaring.declare(_provider(request), _actor(request), body)
    return json_response(answer.body, status=answer.status)


def _problems(problems: list[tuple[str, str]]) -> HttpResponse:
    return json_response(declaring.problems(problems), status=422)


@router.put("/{id}/void", summary="Void a declaration")
def void(request: HttpRequest, id: str) -> HttpResponse:
    declaration = services.void_declaration(_provider(request), _actor(request), _uuid(id))
    return _reload(request, declaration.ecf_id)


@router.put("/{id}/change-delivery-partner", summary="Change declaration delivery partner")
def change_delivery_partner(request: HttpRequest, id: str, body: ChangePartnerBody) -> HttpResponse:
    a = body.data.attributes
    try:
        declaration = services.change_delivery_partner(
            _provider(request), _actor(request), _uuid(id), a.delivery_partner_id, a.secondary_delivery_partner_id
        )
    except services.DeclarationRefused as refused:
        return _problems(refused.problems)
    return _reload(request, declaration.ecf_id)


@outcomes_router.get("/outcomes", summary="Retrieve multiple NPQ outcomes for all participants")
def list_outcomes(
    request: HttpRequest,
    created_since: str | None = Query(None, alias="filter[created_since]"),
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]"),
) -> HttpResponse:
    paging = page_request(page, per_page)
    queryset = outcome_services.outcomes_for(_provider(request))
    moment = since(created_since, "created_since")
    if moment:
        queryset = queryset.filter(created_at__gte=moment)
    return envelope(outcome_resources(paging.slice(queryset.order_by("created_at", "id"))))


@outcomes_router.get("/{id}/outcomes", summary="Retrieve NPQ outcomes for a participant")
def participant_outcomes(
    request: HttpRequest,
    id: str,
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]"),
) -> HttpResponse:
    # The same 404 for an unknown id and for another provider's participant: nothing tells them apart.
    user = scope_of(request).participant(id)
    paging = page_request(page, per_page)
    queryset = outcome_services.outcomes_for(_provider(request)).filter(declaration__participant=user)
    return envelope(outcome_resources(paging.slice(queryset.order_by("created_at", "id"))))


@outcomes_router.post("/{id}/outcomes", summary="Submit an NPQ outcome for a participant")
def create_outcome(request: HttpRequest, id: str, body: OutcomeBody) -> HttpResponse:
    scope_of(request).participant(id)  # 404 for an unknown id and for another provider's participant alike
    if body.data.type != "npq-outcome-confirmation":
        raise BadRequest("correct json data structure required")
    a = body.data.attributes
    try:
        completion = dt.date.fromisoformat(a.completion_date)
    except ValueError as exc:
        raise ValidationFailed("Enter the completion date as YYYY-MM-DD", field="completion_date") from exc
    outcome, _ = outcome_services.record_outcome(
        _provider(request), _actor(request), id, a.course_identifier, a.state, completion
    )
    return envelope(outcome_resources([outcome])[0])
