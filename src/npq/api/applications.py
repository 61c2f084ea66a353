"""/api/v3/npq-applications: list, show, accept, reject, change-funded-place."""

import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from npq.api import changefeed, paging, serializers
from npq.api.schemas import AcceptRequest, ApplicationResponse, ApplicationsResponse, Error, Errors, FundedPlaceRequest
from npq.api.scoping import parse_id, scope_of
from npq.core.audit import Actor
from npq.training import services

router = Router(tags=["NPQ Applications"])
SORTS = {"created_at": "created_at", "updated_at": "updated_at"}
ERRORS = {400: Errors, 401: Error, 404: Error, 422: Errors}


@router.get(
    "", response={200: ApplicationsResponse, 400: Errors, 401: Error}, summary="Retrieve multiple NPQ applications"
)
def list_applications(
    request: HttpRequest,
    cohort: str | None = Query(None, alias="filter[cohort]", description="Comma separated cohort years"),
    participant_id: str | None = Query(None, alias="filter[participant_id]", description="Comma separated ids"),
    updated_since: str | None = Query(None, alias="filter[updated_since]", description="ISO 8601 date and time"),
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]", description="Default 100, at most 3000"),
    cursor: str | None = Query(
        None, alias="page[cursor]", description="Gap-free sync: '0' to start, then meta.next_cursor"
    ),
    sort: str | None = Query(None, description="created_at, -created_at, updated_at, -updated_at (comma list)"),
) -> HttpResponse:
    scope = scope_of(request)
    paged = paging.page_request(page, per_page, cursor)
    qs = scope.applications()
    years = paging.years(cohort)
    if years:
        qs = qs.filter(cohort__start_year__in=years)
    if participant_id:
        ids = [parse_id_or_400(p) for p in participant_id.split(",") if p.strip()]
        qs = qs.filter(user__ecf_id__in=ids)
    moment = paging.since(updated_since, "updated_since")
    if moment is not None:
        qs = qs.filter(pk__in=scope.applications_changed_since(moment))
    qs = serializers.prepare_applications(qs)
    if cursor is not None:
        feed = changefeed.read(scope.provider.pk, changefeed.Position.decode(cursor), paged.per_page)
        found = {a.pk: a for a in qs.filter(pk__in=feed.application_ids)}
        data = [serializers.application(found[i]) for i in feed.application_ids if i in found]
        return paging.envelope(data, {"next_cursor": feed.next_position.encode(), "has_more": feed.has_more})
    rows = paged.slice(qs.order_by(*paging.order_by(sort, SORTS, [])))
    return paging.envelope([serializers.application(a) for a in rows])


def parse_id_or_400(value: str) -> uuid.UUID:
    from npq.api.errors import BadRequest
    from npq.core.errors import NotFound

    try:
        return parse_id(value.strip())
    except NotFound as exc:
        raise BadRequest(f"The filter '#/participant_id' must be participant ids; {value!r} is not one") from exc


@router.get(
    "/{id}", response={200: ApplicationResponse, 401: Error, 404: Error}, summary="Retrieve a single NPQ application"
)
def show_application(request: HttpRequest, id: str) -> HttpResponse:
    return paging.envelope(serializers.application(scope_of(request).application(id)))


@router.post("/{id}/accept", response={200: ApplicationResponse, **ERRORS}, summary="Accept an NPQ application")
def accept_application(request: HttpRequest, id: str, payload: AcceptRequest | None = None) -> HttpResponse:
    scope = scope_of(request)
    app = scope.application(id)
    attributes = payload.data.attributes if payload else None
    services.accept_application(
        app,
        Actor.provider_token(request.auth),  # type: ignore[attr-defined]
        funded_place=attributes.funded_place if attributes else None,
        schedule_identifier=attributes.schedule_identifier if attributes else None,
    )
    return paging.envelope(serializers.application(scope.application(id)))


@router.post("/{id}/reject", response={200: ApplicationResponse, **ERRORS}, summary="Reject an NPQ application")
def reject_application(request: HttpRequest, id: str) -> HttpResponse:
    scope = scope_of(request)
    services.reject_application(scope.application(id), Actor.provider_token(request.auth))  # type: ignore[attr-defined]
    return paging.envelope(serializers.application(scope.application(id)))


@router.put(
    "/{id}/change-funded-place",
    response={200: ApplicationResponse, **ERRORS},
    summary="Change funded place value of an NPQ application",
)
def change_funded_place(request: HttpRequest, id: str, payload: FundedPlaceRequest) -> HttpResponse:
    scope = scope_of(request)
    services.change_funded_place(
        scope.application(id),
        Actor.provider_token(request.auth),  # type: ignore[attr-defined]
        payload.data.attributes.funded_place,
    )
    return paging.envelope(serializers.application(scope.application(id)))
