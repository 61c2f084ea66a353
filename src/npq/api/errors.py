"""The contract's error bodies, and the one mapping from NPQError to an HTTP status.

* 401 ``{"error": "HTTP Token: Access denied"}``; 404 ``{"error": "Resource not found"}``
* 400, 403, 409, 410, 422 ``{"errors": [{"title": ..., "detail": ...}]}``
"""

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from npq.core import errors
from npq.core.refusals import NOT_FOUND, error_body

log = logging.getLogger("npq.api")

# The only place a domain error becomes a status code. Subclasses map through their nearest base.
STATUS: dict[type[errors.NPQError], int] = {
    errors.NotFound: 404,
    errors.PermissionDenied: 403,
    errors.ValidationFailed: 422,
    errors.InvalidTransition: 422,
    errors.Conflict: 422,
    errors.NPQError: 422,
}

ACCESS_DENIED = {"error": "HTTP Token: Access denied"}


class BadRequest(errors.NPQError):
    """The request's shape is wrong (body not ``{"data": {...}}``, a bad filter or page value)."""

    code = "bad_request"


class Gone(errors.NPQError):
    """A participant id retired by a merge: the body names the change."""

    code = "gone"

    def __init__(self, message: str, changes: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.changes = changes


class RateLimited(errors.NPQError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


STATUS.update({BadRequest: 400, Gone: 410, RateLimited: 429})


def status_for(exc: errors.NPQError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 422


def body_for(exc: errors.NPQError) -> dict[str, Any]:
    status = status_for(exc)
    if status == 404:
        return dict(NOT_FOUND)
    if isinstance(exc, Gone):
        return {
            "errors": [
                {
                    "title": "Participant ID has been changed",
                    "detail": exc.message,
                    "participant_id_changes": exc.changes,
                }
            ]
        }
    if status == 400:
        title = "Bad request"
    elif status == 429:
        title = "Too many requests"
    elif status == 403:
        title = exc.field or "Forbidden"
    else:
        title = exc.field or "base"
    return error_body(title, exc.message)


def validation_body(exc: NinjaValidationError) -> tuple[int, dict[str, Any]]:
    """Ninja's validation errors: a wrong attribute value is 422 naming it; a wrong shape is 400."""
    problems = []
    status = 400
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", [])]
        if "attributes" in loc and loc.index("attributes") < len(loc) - 1:
            status = 422
            name = loc[loc.index("attributes") + 1]
            problems.append({"title": name, "detail": f"'#/{name}' {err.get('msg', 'is not valid')}"})
        elif loc and loc[0] == "query":
            problems.append({"title": "Bad request", "detail": f"'#/{'/'.join(loc[1:])}' {err.get('msg', '')}"})
        else:
            problems.append({"title": "Bad request", "detail": "correct json data structure required"})
    if status == 422:
        problems = [p for p in problems if p["title"] != "Bad request"] or problems
    return status, {"errors": problems}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(errors.NPQError)
    def npq_error(request: HttpRequest, exc: errors.NPQError) -> HttpResponse:
        response = api.create_response(request, body_for(exc), status=status_for(exc))
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, ACCESS_DENIED, status=401)

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        status, body = validation_body(exc)
        return api.create_response(request, body, status=status)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with the request id; the caller gets the contract's error body, never an HTML page.
        request_id = getattr(request, "request_id", "")
        log.error("Unexpected error in the API (request %s)", request_id, exc_info=exc)
        detail = f"Something went wrong on our side. Quote this reference if you contact us: {request_id}"
        return api.create_response(request, error_body("Internal server error", detail), status=500)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 404:
            return api.create_response(request, NOT_FOUND, status=404)
        return api.create_response(request, error_body("Bad request", str(exc)), status=exc.status_code)
