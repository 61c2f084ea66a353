"""The one answer to a request refused before any view runs (too large, input nothing can keep, an
impossible id): the contract's JSON error body on the API, the service's error page elsewhere.

Both request middlewares (``npq.core.request_size`` and ``npq.core.middleware``) answer through
:func:`refuse`, so a refusal reads the same whichever check made it.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/v3"
NOT_FOUND: dict[str, Any] = {"error": "Resource not found"}
NEXT_STEP = "Go back, change what you entered and try again."


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_body(title: str, detail: str) -> dict[str, Any]:
    """The contract's error body for one problem."""
    return {"errors": [{"title": title, "detail": detail}]}


def refuse(
    request: HttpRequest, status: int, title: str, detail: str, *, heading: str = "", lines: list[str] | None = None
) -> HttpResponse:
    """Refuse ``request`` with ``status``.

    On the API: the contract's body (``{"error": "Resource not found"}`` for a 404, else
    ``{"errors": [{"title", "detail"}]}``). Elsewhere: the error page headed ``heading`` (``title``
    when not given) with ``lines`` (``detail`` and what to do next when not given).
    """
    if is_api(request):
        if status == 404:
            return JsonResponse(NOT_FOUND, status=404)
        return JsonResponse(error_body(title, detail), status=status)
    if not hasattr(request, "user"):  # refused before sign-in ran: shown as to someone not signed in
        request.user = AnonymousUser()
    context = {
        "title": heading or title,
        "lines": lines if lines is not None else [detail, NEXT_STEP],
        "request_id": getattr(request, "request_id", ""),
    }
    return render(request, "web/error.html", context, status=status)
