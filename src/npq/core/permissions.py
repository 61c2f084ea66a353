"""Role checks for pages. Every page names the roles that may see it."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from npq.core.roles import Role

View = Callable[..., HttpResponse]


def role_required(*roles: Role) -> Callable[[View], View]:
    """Signed-in users with one of ``roles``; others see 403, visitors are sent to sign in.

    With no roles, any signed-in user may see the page. Roles are ``Role`` members only: a bare
    string such as ``"dfe_admin"`` is refused here at import time (and by mypy), because a typo
    in a string would silently lock everyone out. The allowed roles are kept on the wrapped view
    as ``allowed_roles`` so the permissions test can walk every URL without a list of its own.
    """
    for role in roles:
        if not isinstance(role, Role):
            raise TypeError(f"role_required takes Role members, not {role!r}")
    allowed = frozenset(roles) if roles else frozenset(Role)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(user, "role", None) not in allowed:
                labels = ", ".join(sorted(str(role.label) for role in allowed))
                raise PermissionDenied(f"This page is for {labels} users")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorate


def provider_of(request: HttpRequest) -> Any:
    """The lead provider a provider or delivery-partner user belongs to (never from the URL)."""
    return getattr(request.user, "lead_provider", None)
