"""The Lead Provider API v3: one NinjaAPI, and the ONE list of routers mounted on it.

To add endpoints from another app, write a ``ninja.Router`` in ``npq.<app>.api`` and add one
line to ``ROUTERS`` below (see docs/api/for-developers.md). Order matters where paths overlap:
fixed paths (``/participants/npq/outcomes``) must come before ``/participants/npq/{id}``.
"""

from typing import Any

import orjson
from django.http import HttpRequest
from django.urls import reverse
from django.utils.module_loading import import_string
from ninja import NinjaAPI, Swagger
from ninja.renderers import BaseRenderer

from npq.api import errors
from npq.api.auth import TokenAuth

# (mount prefix, dotted path of a ninja.Router)
ROUTERS: list[tuple[str, str]] = [
    ("/npq-applications", "npq.api.applications.router"),
    ("/delivery-partners", "npq.api.delivery_partners.router"),
    ("/participants/npq", "npq.declarations.api.outcomes_router"),
    ("/participants/npq", "npq.api.participants.router"),
    ("/participant-declarations", "npq.declarations.api.router"),
    ("/statements", "npq.finance.api.router"),
    ("/curricula", "npq.frameworks.api.router"),
]


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data)


class Docs(Swagger):
    """Swagger UI at /api/docs/v3; the API's URLs sit inside the ``api`` app namespace."""

    def get_openapi_url(self, api: NinjaAPI, path_params: dict[str, Any]) -> str:
        return reverse(f"api:{api.urls_namespace}:openapi-json", kwargs=path_params)


class API(NinjaAPI):
    def get_root_path(self, path_params: dict[str, Any]) -> str:
        return "/api/v3"


def build() -> NinjaAPI:
    api = API(
        title="NPQ Lead Provider API",
        version="3.0.0",
        description=(
            "Compatible with the Department's Lead Provider API v3: same paths, filters, envelopes and errors. "
            "Additions: `page[cursor]` for gap-free sync, `GET /delivery-partners/{id}`. "
            "Guidance: /api/guidance."
        ),
        auth=TokenAuth(),
        renderer=ORJSONRenderer(),
        urls_namespace="api-v3",
        docs=Docs(),
        docs_url=None,
        openapi_url="/openapi.json",
    )
    errors.install(api)
    for prefix, dotted in ROUTERS:
        api.add_router(prefix, import_string(dotted))
    return api


api = build()


def openapi_schema() -> dict[str, Any]:
    """The generated OpenAPI document, with the server path the contract uses."""
    return api.get_openapi_schema(path_prefix="/api/v3")
