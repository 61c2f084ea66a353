"""Start page, sign-in and sign-out, the dashboard and the error pages."""

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from npq.core import dashboard
from npq.core.forms import Form, bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.people import services as people
from npq.people.addresses import client_address_of
from npq.web.forms import CodeEmailForm, CodeForm, SignInForm


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "web/start.html", {"title": "Register and train for a National Professional Qualification"})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html", {"title": "Accessibility statement"})


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The Django admin uses the service's own sign-in (throttled, audited)."""
    return redirect(f"{settings.LOGIN_URL}?next={request.GET.get('next', '/django-admin/')}")


def sign_in(request: HttpRequest) -> HttpResponse:
    form = bind(SignInForm, request, initial={"next": request.GET.get("next", "")})
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = people.sign_in_with_password(request, data["email"], data["password"], client_address_of(request))
        except (people.SignInFailed, people.SignInLocked) as error:
            form.add_error("email", error.message)
        else:
            auth.login(request, user, backend="npq.people.backends.EmailBackend")
            return redirect(_safe_next(request, data["next"] or request.GET.get("next")))
    errors = form.error_list()
    context = {"title": "Sign in", "form": form, "errors": errors}
    return render(request, "web/sign_in.html", context, status=400 if errors else 200)


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Two steps on one address: the email address, then the code sent to it."""
    form: Form = bind(CodeEmailForm, request)
    not_sent_until = None
    code_step = form.data.get("step") == "code"
    if code_step:
        form = bind(CodeForm, request)
    if code_step and form.is_valid():
        try:
            user = people.sign_in_with_code(
                form.cleaned_data["email"], form.cleaned_data["code"], client_address_of(request)
            )
        except (people.SignInFailed, people.SignInLocked) as error:
            form.add_error("code", error.message)
        else:
            auth.login(request, user, backend="npq.people.backends.EmailBackend")
            return redirect(_safe_next(request, request.GET.get("next")))
    elif not code_step and form.is_valid():
        try:
            people.send_sign_in_code(form.cleaned_data["email"], client_address_of(request))
        except people.CodeNotSent as limit:
            not_sent_until = timezone.localtime(limit.next_at)
        form, code_step = CodeForm(initial={"email": form.cleaned_data["email"]}), True
    errors = form.error_list()
    context = {
        "title": "Check your email" if code_step else "Sign in to register for an NPQ",
        "step": "code" if code_step else "email",
        "form": form,
        "errors": errors,
        "minutes": settings.NPQ_OTP_MINUTES,
        "not_sent_until": not_sent_until,
    }
    return render(request, "web/sign_in_code.html", context, status=400 if errors else 200)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("web:start")


@role_required()
def dashboard_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = Role(user.role)  # type: ignore[union-attr]
    context = {
        "title": f"{role.label} dashboard",
        "links": dashboard.links_for(role),
        "figures": dashboard.figures_for(user),
        "role": role,
    }
    return render(request, "web/dashboard.html", context)


def _error(request: HttpRequest, status: int, title: str, lines: list[str]) -> HttpResponse:
    context = {"title": title, "lines": lines, "request_id": getattr(request, "request_id", "")}
    return render(request, "web/error.html", context, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Page not found",
        [
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ],
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You cannot see this page",
        [
            "Your account does not give you access to this page.",
            "If you think it should, ask your organisation's administrator.",
        ],
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        "Sorry, there is a problem with the service",
        ["Try again later.", "If it keeps happening, quote the reference below."],
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "Your form could not be sent",
        ["The page was open too long or came from another site.", "Go back, reload the page and try again."],
    )
