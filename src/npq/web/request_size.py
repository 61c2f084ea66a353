"""A cap on the size of every request, enforced while it is received.

A body over the cap is refused with 413 before any of it is read: a page for the site, the
contract's JSON error body for the API. The declared length is checked first; the bytes are also
counted as they stream in, so a body longer than its Content-Length (or a server that passes one
on) is cut off at the cap. File uploads (multipart) may be up to ``NPQ_MAX_REQUEST_BYTES``; any
other body up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``, which Django would otherwise refuse with a bare
400 (or, in the API, an error page) only after reading it.
"""

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from npq.web.views import too_large


class RequestTooLarge(Exception):
    """More bytes arrived than the cap allows."""


class _CountedStream:
    def __init__(self, stream: Any, limit: int) -> None:
        self._stream, self._limit, self.read_bytes = stream, limit, 0

    def _count(self, data: bytes) -> bytes:
        self.read_bytes += len(data)
        if self.read_bytes > self._limit:
            raise RequestTooLarge(f"more than {self._limit} bytes received")
        return data

    def read(self, size: int | None = -1) -> bytes:
        return self._count(self._stream.read(size))

    def readline(self, size: int | None = -1) -> bytes:
        return self._count(self._stream.readline(size))

    def __iter__(self) -> Any:
        return iter(self.readline, b"")

    def __getattr__(self, name: str) -> Any:  # close() and the rest: the wrapped stream's own
        return getattr(self._stream, name)


def limit_for(content_type: str) -> int:
    if content_type.startswith("multipart/form-data"):
        return int(settings.NPQ_MAX_REQUEST_BYTES)
    return min(int(settings.NPQ_MAX_REQUEST_BYTES), int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def refusal(request: HttpRequest, limit: int) -> HttpResponse:
    megabytes = f"{limit / (1024 * 1024):.0f}MB"
    if request.path.startswith("/api/"):
        body = {"errors": [{"title": "Request entity too large", "detail": f"The request must be {megabytes} or less"}]}
        return HttpResponse(json.dumps(body), status=413, content_type="application/json")
    # Refused before sessions and sign-in run: the page is shown as to someone not signed in.
    request.user = AnonymousUser()
    return too_large(request, megabytes)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = limit_for(str(request.META.get("CONTENT_TYPE", "")))
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads nothing from a body whose length it cannot parse
        if declared > limit:
            return refusal(request, limit)
        request._stream = _CountedStream(request._stream, limit)  # type: ignore[assignment]
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestTooLarge):
            return refusal(request, limit_for(str(request.META.get("CONTENT_TYPE", ""))))
        return None
