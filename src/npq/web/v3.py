"""The Lead Provider API v3 as served: every app's routers, in order, on one NinjaAPI.

To add endpoints, write a ``ninja.Router`` in ``npq.<app>.api`` and add one line to ``ROUTERS``.
Order matters where paths overlap: fixed paths (``/participants/npq/outcomes``) come before
``/participants/npq/{id}``.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path

from npq.api import delivery_partners
from npq.api import views as api_views
from npq.api.v3 import build
from npq.declarations import api as declarations_api
from npq.finance import api as finance_api
from npq.frameworks import api as frameworks_api
from npq.surveys import api as surveys_api
from npq.training import api as training_api
from npq.training import bulk as training_bulk
from npq.webhooks import api as webhooks_api

ROUTERS = [
    ("/npq-applications", training_bulk.router),  # before /{id}, which would match "bulk-accept"
    ("/npq-applications", training_api.applications_router),
    ("/delivery-partners", delivery_partners.router),
    ("/participants/npq", declarations_api.outcomes_router),
    ("/participants/npq", training_api.participants_router),
    ("/participant-declarations", declarations_api.router),
    ("/statements", finance_api.router),
    ("/curricula", frameworks_api.router),
    ("/webhooks", webhooks_api.router),
    ("/surveys", surveys_api.router),
]

api = build(ROUTERS)


def openapi_schema() -> dict[str, Any]:
    """The generated OpenAPI document, with the server path the contract uses."""
    return api.get_openapi_schema(path_prefix="/api/v3")


def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI over /api/v3/openapi.json."""
    return api.docs.render_page(request, api)


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v3/", api.urls),
    re_path(r"^api/v3/.*$", api_views.not_found),
    path("api/docs/v3", docs, name="api_docs"),
]
