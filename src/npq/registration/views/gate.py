"""Who may use the participant pages, and the date-of-birth check for shared mailboxes."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from npq.core.roles import Role

DOB_SESSION_KEY = "npq_dob_confirmed_for"


def participant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in by emailed code as a participant; a returning person whose details are stored must
    confirm their date of birth first, so a colleague on a shared mailbox sees nothing of theirs."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="/sign-in/code")
        if getattr(user, "role", None) != Role.PARTICIPANT:
            raise PermissionDenied("Registration is for participants")
        if user.date_of_birth and request.session.get(DOB_SESSION_KEY) != user.pk:
            return redirect(f"/registration/confirm-date-of-birth?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapped
