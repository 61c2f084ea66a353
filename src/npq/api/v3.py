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


# Every operation can answer these, whatever its router declares: a malformed parameter or body and
# refused input (400), a missing token (401), a body too large (413), the rate limit (429); an
# operation on a record can answer 404, and one that writes can answer 422. The document says so.
_EVERY_OPERATION = {
    400: ("Errors", "Bad Request"),
    401: ("Error", "Unauthorized"),
    413: ("Errors", "Request entity too large"),
    429: ("Errors", "Too many requests"),
}
_ON_A_RECORD = {404: ("Error", "Not Found")}
_ON_A_WRITE = {422: ("Errors", "Unprocessable Entity")}


class API(NinjaAPI):
    def get_root_path(self, path_params: dict[str, Any]) -> str:
        return "/api/v3"

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                expected = dict(_EVERY_OPERATION)
                if "{" in path:
                    expected.update(_ON_A_RECORD)
                if method in ("post", "put", "patch", "delete"):
                    expected.update(_ON_A_WRITE)
                responses = operation.setdefault("responses", {})
                for status, (component, description) in expected.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                        },
                    )
        return schema


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
