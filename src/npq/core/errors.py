"""One family of errors for rules and services.

Each error has a stable ``code`` and a message that names the ids involved. HTTP statuses are
chosen in the API layer (``npq.api.errors``), never here.
"""


class NPQError(Exception):
    """Base class: an expected failure that a person or client should be told about."""

    code = "npq_error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class NotFound(NPQError):
    code = "not_found"


class PermissionDenied(NPQError):
    code = "forbidden"


class ValidationFailed(NPQError):
    code = "invalid"


class Conflict(NPQError):
    code = "conflict"


class InvalidTransition(NPQError):
    code = "invalid_transition"
