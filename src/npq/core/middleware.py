"""Request id for logs and error pages; sandbox clock header; the guard against input nothing can keep."""

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict

from npq.core import clock, inputs
from npq.core.refusals import is_api, refuse

log = logging.getLogger("npq.request")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = None
        server_date = request.headers.get("X-With-Server-Date")
        if settings.NPQ_SANDBOX and server_date:
            try:
                moment = dt.datetime.fromisoformat(server_date.replace("Z", "+00:00"))
            except ValueError:
                moment = None
            if moment is not None:
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=dt.UTC)
                token = clock.move_to(moment)
        try:
            response = self.get_response(request)
        finally:
            if token is not None:
                clock.reset(token)
        response["X-Request-Id"] = request_id
        return response


class InputGuardMiddleware:
    """Refuses, before any view runs, input that nothing in the service can keep.

    NUL characters and lone surrogates in query strings, form fields and JSON bodies get a 400
    with what to change (the contract's JSON error body on the API, a GOV.UK page elsewhere); an
    id no record can have is a 404. A body too large never gets here: ``npq.core.request_size``
    read it first and refused it. HEAD on an API GET is answered as the GET without a body (the
    API's routes declare GET only).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if inputs.path_has_impossible_id(request.path):
            return refuse(request, 404, "Page not found", "There is no record with that id.")
        problem = self._problem(request)  # the body was read (or refused as too large) by request_size
        if problem:
            return refuse(request, 400, "Bad request", problem)
        if request.method == "HEAD" and is_api(request):
            request.method = "GET"
            response = self.get_response(request)
            response.content = b""
            return response
        return self.get_response(request)

    def _problem(self, request: HttpRequest) -> str | None:
        problem = inputs.first_text_problem(_pairs(request.GET))
        if problem or request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return problem
        if request.content_type == "application/json":
            try:
                body = json.loads(request.body)  # the standard parser keeps a lone surrogate, so it can be named
            except ValueError:
                return None  # malformed JSON: the API answers with the contract's 400 itself
            return inputs.first_text_problem(inputs.json_strings(body))
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return inputs.first_text_problem(_pairs(request.POST))
        return None


def _pairs(query: QueryDict) -> list[str]:
    return [text for key, values in query.lists() for text in (key, *values)]
