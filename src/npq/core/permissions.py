"""Role checks for pages. Every page names the roles that may see it."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed-in users with one of ``roles``; others see 403, visitors are sent to sign in."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and getattr(user, "role", None) not in roles:
                raise PermissionDenied(f"This page is for {', '.join(roles)} users")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def provider_of(request: HttpRequest) -> Any:
    """The lead provider a provider or delivery-partner user belongs to (never from the URL)."""
    return getattr(request.user, "lead_provider", None)
