"""Lead Provider API v3: participant declarations and participant outcomes.

Thin: parse, call one service, render. Every query is scoped to the token's lead provider.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from npq.api.errors import BadRequest
from npq.api.paging import envelope, json_response, page_request, since, years
from npq.api.scoping import scope_of
from npq.core.audit import Actor
from npq.core.errors import NotFound, ValidationFailed
from npq.core.identifiers import parse_uuid
from npq.declarations import outcomes as outcome_services
from npq.declarations import services
from npq.declarations.schemas import ChangePartnerBody, DeclarationBody, OutcomeBody
from npq.declarations.serializers import declaration_resource, outcome_resources, visible_declarations

router = Router(tags=["Participant declarations"])
outcomes_router = Router(tags=["NPQ Participant Outcomes"])


def _provider(request: HttpRequest) -> Any:
    return request.auth.lead_provider  # type: ignore[attr-defined]


def _actor(request: HttpRequest) -> Actor:
    return Actor.provider_token(request.auth)  # type: ignore[attr-defined]


def _declaration_date(value: str) -> dt.datetime:
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
    if participant_id:
        queryset = queryset.filter(participant__ecf_id__in=[p.strip() for p in participant_id.split(",")])
    cohort_years = years(cohort)
    if cohort_years:
        queryset = queryset.filter(cohort__start_year__in=cohort_years)
    moment = since(updated_since, "updated_since")
    if moment:
        queryset = queryset.filter(updated_at__gte=moment)
    rows = paging.slice(queryset.order_by("created_at", "id"))
    return envelope([declaration_resource(d) for d in rows])


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
    if body.data.type != "participant-declaration":
        raise BadRequest("correct json data structure required")
    a = body.data.attributes
    data = services.DeclarationInput(
        participant_id=a.participant_id,
        declaration_type=a.declaration_type,
        declaration_date=_declaration_date(a.declaration_date),
        course_identifier=a.course_identifier,
        has_passed=a.has_passed,
        delivery_partner_id=a.delivery_partner_id,
        secondary_delivery_partner_id=a.secondary_delivery_partner_id,
    )
    try:
        declaration, created = services.record_declaration(_provider(request), _actor(request), data)
    except services.DeclarationRefused as refused:
        return _problems(refused.problems)
    if created:  # the service holds everything the response shows; nothing to read back
        return envelope(declaration_resource(declaration))
    return _reload(request, declaration.ecf_id)


def _problems(problems: list[tuple[str, str]]) -> HttpResponse:
    return json_response({"errors": [{"title": f, "detail": m} for f, m in problems]}, status=422)


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
