"""Lead Provider API extensions for webhooks: endpoints, deliveries and failures, replay.

Not in the Department's v3 contract. Scoped to the token's lead provider like every endpoint.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import ConfigDict

from npq.api.paging import envelope, json_response, page_request
from npq.core.audit import Actor
from npq.webhooks import services
from npq.webhooks.models import Delivery, Endpoint

router = Router(tags=["Extensions"])
EXTENSION = {"x-npq-extension": True}
NOTE = "**Extension: not in the Department's v3 contract.** "


class EndpointAttributes(Schema):
    model_config = ConfigDict(extra="forbid")

    url: str
    events: list[str]


class EndpointData(Schema):
    type: str
    attributes: EndpointAttributes


class EndpointBody(Schema):
    data: EndpointData


def _provider(request: HttpRequest) -> Any:
    return request.auth.lead_provider  # type: ignore[attr-defined]


def _actor(request: HttpRequest) -> Actor:
    return Actor.provider_token(request.auth)  # type: ignore[attr-defined]


def endpoint_resource(e: Endpoint, secret: bool = False) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "url": e.url,
        "events": e.events,
        "created_at": e.created_at.isoformat(),
        "disabled": e.disabled_at is not None,
    }
    if secret:  # only in the answer that made or rotated it
        attributes["secret"] = e.secret
    return {"id": str(e.pk), "type": "webhook-endpoint", "attributes": attributes}


def delivery_resource(d: Delivery) -> dict[str, Any]:
    return {
        "id": str(d.ecf_id),
        "type": "webhook-delivery",
        "attributes": {
            "endpoint_id": str(d.endpoint_id),
            "event_id": str(d.event.ecf_id),
            "event_type": d.event.type,
            "state": d.state,
            "attempts": d.attempts,
            "last_status": d.last_status,
            "last_response": d.last_response,
            "created_at": d.created_at.isoformat(),
            "delivered_at": d.delivered_at.isoformat() if d.delivered_at else None,
            "replay_of": str(d.replay_of.ecf_id) if d.replay_of else None,
        },
    }


@router.get("/endpoints", summary="List your webhook endpoints (extension)", openapi_extra=EXTENSION)
def list_endpoints(request: HttpRequest) -> HttpResponse:
    return envelope([endpoint_resource(e) for e in _provider(request).webhook_endpoints.all()])


@router.post(
    "/endpoints",
    summary="Register a webhook endpoint (extension)",
    openapi_extra=EXTENSION,
    description=NOTE + "The answer carries the signing secret; it is not shown again.",
)
def create_endpoint(request: HttpRequest, body: EndpointBody) -> HttpResponse:
    a = body.data.attributes
    endpoint = services.register_endpoint(_provider(request), _actor(request), a.url, a.events)
    return json_response({"data": endpoint_resource(endpoint, secret=True)}, status=201)


@router.post(
    "/endpoints/{id}/rotate-secret", summary="Rotate an endpoint's secret (extension)", openapi_extra=EXTENSION
)
def rotate(request: HttpRequest, id: int) -> HttpResponse:
    endpoint = services.rotate_secret(_provider(request), _actor(request), id)
    return envelope(endpoint_resource(endpoint, secret=True))


@router.delete("/endpoints/{id}", summary="Stop sending to an endpoint (extension)", openapi_extra=EXTENSION)
def disable(request: HttpRequest, id: int) -> HttpResponse:
    return envelope(endpoint_resource(services.disable_endpoint(_provider(request), _actor(request), id)))


@router.get(
    "/deliveries",
    summary="List webhook deliveries, newest first (extension)",
    openapi_extra=EXTENSION,
    description=NOTE + "`filter[state]=failed` lists the deliveries given up after 24 hours.",
)
def list_deliveries(
    request: HttpRequest,
    state: str | None = Query(None, alias="filter[state]"),
    page: str | None = Query(None, alias="page[page]"),
    per_page: str | None = Query(None, alias="page[per_page]"),
) -> HttpResponse:
    paging = page_request(page, per_page)
    rows = services.deliveries_for(_provider(request)).select_related("replay_of")
    if state:
        rows = rows.filter(state__in=[s.strip() for s in state.split(",")])
    return envelope([delivery_resource(d) for d in paging.slice(rows.order_by("-id"))])


@router.post("/deliveries/{id}/replay", summary="Send a delivery's event again (extension)", openapi_extra=EXTENSION)
def replay(request: HttpRequest, id: str) -> HttpResponse:
    delivery = services.replay_delivery(_provider(request), _actor(request), id)
    return envelope(delivery_resource(delivery))
