"""The Lead Provider API v3's shell: renderer, docs, auth and error handlers, built over routers.

Each app serves its own endpoints as ``ninja.Router`` objects in its ``api.py``; the top layer
(``npq.web.v3``) lists them and calls :func:`build` (see docs/api/for-developers.md).
"""

from typing import Any

import orjson
from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Router, Swagger
from ninja.renderers import BaseRenderer

from npq.api import errors
from npq.api.auth import TokenAuth


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data)


class Docs(Swagger):
    """Swagger UI at /api/docs/v3, reading the API's own OpenAPI document."""

    def get_openapi_url(self, api: NinjaAPI, path_params: dict[str, Any]) -> str:
        return reverse(f"{api.urls_namespace}:openapi-json", kwargs=path_params)


class API(NinjaAPI):
    def get_root_path(self, path_params: dict[str, Any]) -> str:
        return "/api/v3"


def build(routers: list[tuple[str, Router]]) -> NinjaAPI:
    """The API with ``routers`` mounted in order (fixed paths before ``{id}`` paths where they overlap)."""
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
    for prefix, router in routers:
        api.add_router(prefix, router)
    return api
