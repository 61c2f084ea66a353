"""Request id for logs and error pages; sandbox clock header."""

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from npq.core import clock

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
