"""Staff sign in with email and password; emails are matched case-insensitively."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from npq.people.models import User


class EmailBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        email = (kwargs.get("email") or username or "").strip().lower()
        if not email or not password:
            return None
        user = User.objects.filter(email=email).first()
        if user is None:
            User().set_password(password)  # same work either way, so timing does not reveal accounts
            return None
        if user.check_password(password) and self.user_can_authenticate(user) and user.signs_in_with_password:
            return user
        return None

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
