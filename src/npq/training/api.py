"""The applications and participants endpoints of the Lead Provider API.

/api/v3/npq-applications: list, show, accept, reject, change-funded-place.
/api/v3/participants/npq: list, show, defer, resume, withdraw, change-schedule.
"""

import uuid
from typing import Any

from django.db.models import F, Max, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from npq.api import anchors, changed_pages, changefeed, paging
from npq.api.errors import BadRequest, Gone
from npq.api.schemas import Error, Errors, GoneErrors
from npq.api.scoping import ProviderScope, parse_id, scope_of
from npq.core.audit import Actor
from npq.core.errors import NotFound, ValidationFailed
from npq.core.identifiers import parse_uuid
from npq.core.lookups import AnyOf
from npq.people.models import ParticipantIdChange, User
from npq.training import serializers, services
from npq.training.schemas import (
    AcceptRequest,
    ApplicationResponse,
    ApplicationsResponse,
    ChangeScheduleRequest,
    DeferRequest,
    FundedPlaceRequest,
    ParticipantResponse,
    ParticipantsResponse,
    ResumeRequest,
    WithdrawRequest,
)

applications_router = Router(tags=["NPQ Applications"])
APPLICATION_SORTS = {"created_at": "created_at", "updated_at": "updated_at"}
APPLICATION_ERRORS = {400: Errors, 401: Error, 404: Error, 422: Errors}


@applications_router.get(
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
    listed = qs
    changed = None if moment is None else scope.applications_changed_since(moment, within=qs)
    if changed is not None:
        qs = qs.filter(pk__in=changed)
    if cursor is not None:
        feed = changefeed.read(scope.provider.pk, changefeed.Position.decode(cursor), paged.per_page)
        data = serializers.applications_in_order(qs, feed.application_ids)
        return paging.envelope(data, {"next_cursor": feed.next_position.encode(), "has_more": feed.has_more})
    # One query: the page's ids (an index-only scan, however deep the page) joined to the columns shown.
    keys = paging.order_by(sort, APPLICATION_SORTS, [])
    page_ids: QuerySet[Any] | RawSQL
    if changed is not None and moment is not None and keys == ["id"]:
        # The changed ids paged straight from their union (a third of the planning of a join), or when most
        # records changed, a bounded walk of the list (npq.api.changed_pages; issue 19).
        if changed_pages.worth_walking(scope.provider.pk, moment, paged):
            walk = listed.order_by("id").annotate(changed=scope.application_changed(moment)).values("id", "changed")
            page_ids = changed_pages.window(walk, changed, "id", paged)
        else:
            page_ids = paged.window(changed.order_by("id"))
    elif keys == ["id"] and not (years or participant_id):  # the whole list: deep pages start from a stored key
        page_ids = anchors.window(scope.provider.pk, "applications", qs.order_by("id").values("pk"), "id", paged)
    else:
        page_ids = paged.window(qs.order_by(*keys).values("pk"))
    return paging.envelope(serializers.applications(scope.applications().filter(pk__in=page_ids).order_by(*keys)))


def parse_id_or_400(value: str) -> uuid.UUID:
    try:
        return parse_id(value.strip())
    except NotFound as exc:
        raise BadRequest(f"The filter '#/participant_id' must be participant ids; {value!r} is not one") from exc


@applications_router.get(
    "/{id}", response={200: ApplicationResponse, 401: Error, 404: Error}, summary="Retrieve a single NPQ application"
)
def show_application(request: HttpRequest, id: str) -> HttpResponse:
    scope = scope_of(request)
    found = serializers.applications(scope.applications().filter(ecf_id=parse_id(id)))
    if not found:
        raise NotFound(f"No application {id} for {scope.provider.name}")
    return paging.envelope(found[0])


@applications_router.post(
    "/{id}/accept", response={200: ApplicationResponse, **APPLICATION_ERRORS}, summary="Accept an NPQ application"
)
def accept_application(request: HttpRequest, id: str, payload: AcceptRequest | None = None) -> HttpResponse:
    app = scope_of(request).application(id)
    attributes = payload.data.attributes if payload else None
    services.accept_application(
        app,
        Actor.provider_token(request.auth),  # type: ignore[attr-defined]
        funded_place=attributes.funded_place if attributes else None,
        schedule_identifier=attributes.schedule_identifier if attributes else None,
    )
    return paging.envelope(serializers.application_of(app))


@applications_router.post(
    "/{id}/reject", response={200: ApplicationResponse, **APPLICATION_ERRORS}, summary="Reject an NPQ application"
)
def reject_application(request: HttpRequest, id: str) -> HttpResponse:
    app = scope_of(request).application(id)
    services.reject_application(app, Actor.provider_token(request.auth))  # type: ignore[attr-defined]
    return paging.envelope(serializers.application_of(app))


@applications_router.put(
    "/{id}/change-funded-place",
    response={200: ApplicationResponse, **APPLICATION_ERRORS},
    summary="Change funded place value of an NPQ application",
)
def change_funded_place(request: HttpRequest, id: str, payload: FundedPlaceRequest) -> HttpResponse:
    app = scope_of(request).application(id)
    services.change_funded_place(
        app,
        Actor.provider_token(request.auth),  # type: ignore[attr-defined]
        payload.data.attributes.funded_place,
    )
    return paging.envelope(serializers.application_of(app))


participants_router = Router(tags=["NPQ Participants"])
PARTICIPANT_SORTS = {"created_at": "created_at", "updated_at": "updated_at"}
PARTICIPANT_ERRORS = {400: Errors, 401: Error, 404: Error, 422: Errors}  # a retired id is a 422 on actions
STATUSES = ("active", "deferred", "withdrawn")


@participants_router.get(
    "",
    response={200: ParticipantsResponse, 400: Errors, 401: Error, 422: Errors},
    summary="Retrieve multiple NPQ participants",
)
def list_participants(
    request: HttpRequest,
    updated_since: str | None = Query(None, alias="filter[updated_since]", description="ISO 8601 date and time"),
    training_status: str | None = Query(
        None, alias="filter[training_status]", description="active, deferred, withdrawn"
    ),
    from_participant_id: str | None = Query(None, alias="filter[from_participant_id]"),
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]", description="Default 100, at most 3000"),
    cursor: str | None = Query(
        None, alias="page[cursor]", description="Gap-free sync: '0' to start, then meta.next_cursor"
    ),
    sort: str | None = Query(None, description="created_at, -created_at, updated_at, -updated_at (comma list)"),
) -> HttpResponse:
    scope = scope_of(request)
    paged = paging.page_request(page, per_page, cursor)
    # People are found through their accepted applications here (the (provider, status, person) index).
    enrolled = scope.accepted_applications()
    if training_status:
        if training_status not in STATUSES:
            raise ValidationFailed(
                f"The filter '#/training_status' must be one of {', '.join(STATUSES)}", field="Unpermitted parameters"
            )
        enrolled = enrolled.filter(training_status=training_status)
    if from_participant_id:
        changed = ParticipantIdChange.objects.filter(from_participant_id=_uuid(from_participant_id))
        enrolled = enrolled.filter(user_id__in=changed.values("user_id"))
    moment = paging.since(updated_since, "updated_since")
    whole = not (training_status or from_participant_id)
    listed = enrolled
    if moment is not None:
        enrolled = enrolled.filter(user_id__in=scope.participants_changed_since(moment))
    people = enrolled.values_list("user_id", flat=True).distinct()
    if cursor is not None:
        feed = changefeed.read(scope.provider.pk, changefeed.Position.decode(cursor), paged.per_page)
        wanted = set(people.filter(AnyOf(F("user_id"), feed.user_ids)).order_by())
        data = serializers.participants(scope.provider.pk, [i for i in feed.user_ids if i in wanted])
        return paging.envelope(data, {"next_cursor": feed.next_position.encode(), "has_more": feed.has_more})
    keys = paging.order_by(sort, PARTICIPANT_SORTS, [])
    if keys == ["id"] and whole and moment is None:  # the whole list
        ids = anchors.window(scope.provider.pk, "participants", people.order_by("user_id"), "user_id", paged)
    elif (
        keys == ["id"]
        and whole
        and moment is not None
        and changed_pages.worth_walking(scope.provider.pk, moment, paged, merges=True)
    ):  # changed people, when most changed: a bounded walk (else the set, below)
        changed_here = Max(scope.application_changed(moment, merges=True))
        walk = listed.values("user_id").annotate(changed=changed_here).order_by("user_id")
        found = changed_pages.window(walk, people, "user_id", paged)
        ids = User.objects.filter(pk__in=found).order_by("pk").values_list("pk", flat=True)
    elif keys == ["id"]:  # creation order: the page's ids straight from the index, however deep
        ids = paged.window(people.order_by("user_id"))
    else:
        ids = paged.window(User.objects.filter(pk__in=people.order_by()).order_by(*keys).values_list("pk", flat=True))
    return paging.envelope(serializers.participants(scope.provider.pk, list(ids)))


def _uuid(value: str) -> str:
    found = parse_uuid(value)
    if found is None:
        raise BadRequest("The filter '#/from_participant_id' must be a participant id")
    return str(found)


def _one(scope: ProviderScope, user: User) -> HttpResponse:
    return paging.envelope(serializers.participants(scope.provider.pk, [user.pk])[0])


@participants_router.get(
    "/{id}",
    response={200: ParticipantResponse, 401: Error, 404: Error, 410: GoneErrors},
    summary="Retrieve a single NPQ participant",
)
def show_participant(request: HttpRequest, id: str) -> HttpResponse:
    scope = scope_of(request)
    return _one(scope, scope.participant(id))


def _action_target(request: HttpRequest, id: str, course_identifier: str) -> tuple[ProviderScope, User, object]:
    scope = scope_of(request)
    try:
        person = scope.participant(id)
    except Gone as exc:
        raise ValidationFailed(exc.message, field="participant_id") from exc
    return scope, person, scope.participant_application(person, course_identifier)


def _actor(request: HttpRequest) -> Actor:
    return Actor.provider_token(request.auth)  # type: ignore[attr-defined]


@participants_router.put(
    "/{id}/resume", response={200: ParticipantResponse, **PARTICIPANT_ERRORS}, summary="Resume an NPQ participant"
)
def resume(request: HttpRequest, id: str, payload: ResumeRequest) -> HttpResponse:
    scope, person, app = _action_target(request, id, payload.data.attributes.course_identifier)
    services.resume_participant(app, _actor(request))  # type: ignore[arg-type]
    return _one(scope, person)


@participants_router.put(
    "/{id}/defer", response={200: ParticipantResponse, **PARTICIPANT_ERRORS}, summary="Defer an NPQ participant"
)
def defer(request: HttpRequest, id: str, payload: DeferRequest) -> HttpResponse:
    attrs = payload.data.attributes
    scope, person, app = _action_target(request, id, attrs.course_identifier)
    services.defer_participant(app, _actor(request), attrs.reason)  # type: ignore[arg-type]
    return _one(scope, person)


@participants_router.put(
    "/{id}/withdraw", response={200: ParticipantResponse, **PARTICIPANT_ERRORS}, summary="Withdraw an NPQ participant"
)
def withdraw(request: HttpRequest, id: str, payload: WithdrawRequest) -> HttpResponse:
    attrs = payload.data.attributes
    scope, person, app = _action_target(request, id, attrs.course_identifier)
    services.withdraw_participant(app, _actor(request), attrs.reason)  # type: ignore[arg-type]
    return _one(scope, person)


@participants_router.put(
    "/{id}/change-schedule",
    response={200: ParticipantResponse, **PARTICIPANT_ERRORS},
    summary="Notify that an NPQ participant is changing training schedule",
)
def change_schedule(request: HttpRequest, id: str, payload: ChangeScheduleRequest) -> HttpResponse:
    attrs = payload.data.attributes
    scope, person, app = _action_target(request, id, attrs.course_identifier)
    year = None
    if attrs.cohort:
        try:
            year = int(attrs.cohort[:4])
        except ValueError as exc:
            raise ValidationFailed("'#/cohort' must be a cohort year such as 2025", field="cohort") from exc
    services.change_schedule(app, _actor(request), attrs.schedule_identifier, year)  # type: ignore[arg-type]
    return _one(scope, person)
