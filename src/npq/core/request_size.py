"""A cap on the size of every request, enforced while it is received: the one place a request is
refused as too large (413).

The declared length is checked first, so a body over the cap is refused before any of it is read.
Otherwise the body is read here, before anything else reads it (sessions, CSRF, the input guard and
the view all then use what was read), through a stream that counts the bytes as they arrive: a body
longer than its Content-Length, or form fields over Django's in-memory limit inside a multipart
upload, is refused here too rather than failing later as a 400 or 500. File uploads (multipart) may
be up to ``NPQ_MAX_REQUEST_BYTES``; any other body up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError

from npq.core.refusals import refuse

BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


class RequestTooLarge(RequestDataTooBig):
    """More bytes arrived than the cap allows (Django's own "too big" is the same kind of refusal)."""


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
    return refuse(
        request,
        413,
        "Request entity too large",
        f"The request must be {megabytes} or less",
        heading="The file or form you sent is too large",
        lines=[
            f"Everything you send at once must be {megabytes} or less.",
            "Go back, choose smaller files and try again.",
        ],
    )


def _read(request: HttpRequest) -> None:
    """Read the body now, where a refusal is answered; what is read stays on the request."""
    if request.method not in BODY_METHODS:
        return
    if request.content_type in FORM_TYPES:
        request.POST  # noqa: B018 (parses the form and its files, through the counted stream)
    else:
        request.body  # noqa: B018


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
        try:
            _read(request)
        except RequestDataTooBig:
            return refusal(request, limit)
        except (MultiPartParserError, TooManyFieldsSent, TooManyFilesSent, UnreadablePostError):
            return refuse(request, 400, "Bad request", "The form or body sent could not be read")
        return self.get_response(request)
