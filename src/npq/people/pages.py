"""What pages need from people: the signed-in user, typed."""

from typing import cast

from django.http import HttpRequest

from npq.people.models import User


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a page behind ``role_required`` (never anonymous there), typed as
    ``User`` so pages read its role and provider without casts of their own."""
    return cast(User, request.user)
