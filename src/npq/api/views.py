"""Pages around the API: JSON 404 under /api/v3, interactive docs, guidance, and DfE token pages."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from npq.api import guidance, paging
from npq.api.forms import ConfirmRevokeForm, TokenForm
from npq.api.models import ApiToken
from npq.api.tokens import create_token, revoke_token, rotate_token
from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.refusals import NOT_FOUND
from npq.core.roles import Role

ROTATION_OVERLAP_DAYS = 7


def not_found(request: HttpRequest) -> HttpResponse:
    return paging.json_response(NOT_FOUND, status=404)


def guidance_index(request: HttpRequest) -> HttpResponse:
    pages = [(slug, guidance.page(slug)[0]) for slug in guidance.PAGES]  # type: ignore[index]
    return render(request, "api/guidance_index.html", {"title": "Lead Provider API guidance", "pages": pages})


def guidance_page(request: HttpRequest, slug: str) -> HttpResponse:
    found = guidance.page(slug)
    if found is None:
        raise Http404(f"No guidance page {slug}")
    title, body = found
    return render(request, "api/guidance_page.html", {"title": title, "body": body, "slug": slug})


def _token_page(request: HttpRequest, form: TokenForm) -> HttpResponse:
    tokens = ApiToken.objects.select_related("lead_provider").order_by("lead_provider__name", "-created_at")
    errors = form.error_list()
    context = {
        "title": "Lead Provider API tokens",
        "tokens": tokens,
        "overlap_days": ROTATION_OVERLAP_DAYS,
        "errors": errors,
        "form": form,
    }
    return render(request, "api/tokens.html", context, status=400 if errors else 200)


def _shown_once(request: HttpRequest, token: ApiToken, text: str, replaced: ApiToken | None = None) -> HttpResponse:
    response = render(
        request,
        "api/token_created.html",
        {"title": "Copy the new API token", "token": token, "text": text, "replaced": replaced},
    )
    response["Cache-Control"] = "no-store"  # the token is shown once and must not be kept by any cache
    return response


@role_required(Role.DFE_ADMIN)
def token_list(request: HttpRequest) -> HttpResponse:
    return _token_page(request, TokenForm())


@role_required(Role.DFE_ADMIN)
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = bind(TokenForm, request)
    if not form.is_valid():
        return _token_page(request, form)
    data = form.cleaned_data
    days = data["expires_days"]
    expires = clock.now() + dt.timedelta(days=days) if days else None
    token, text = create_token(
        data["lead_provider"], Actor.person(request.user), label=data["label"], expires_at=expires
    )
    return _shown_once(request, token, text)


@role_required(Role.DFE_ADMIN)
@require_POST
def token_rotate(request: HttpRequest, token_id: int) -> HttpResponse:
    old = get_object_or_404(ApiToken, pk=token_id)
    try:
        token, text = rotate_token(old, Actor.person(request.user), overlap=dt.timedelta(days=ROTATION_OVERLAP_DAYS))
    except NPQError as exc:
        messages.error(request, exc.message)
        return redirect("api:tokens")
    old.refresh_from_db()
    return _shown_once(request, token, text, replaced=old)


@require_http_methods(["GET", "POST"])
@role_required(Role.DFE_ADMIN)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """A confirmation page says what revoking does; only the confirmed post revokes."""
    token = get_object_or_404(ApiToken.objects.select_related("lead_provider"), pk=token_id, revoked_at__isnull=True)
    form = bind(ConfirmRevokeForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_token(token, Actor.person(request.user))
        except NPQError as exc:
            form.add_error("confirm", exc.message)
        else:
            messages.success(request, f"Token {token.label} for {token.lead_provider.name} revoked: it no longer works")
            return redirect("api:tokens")
    context = {"title": "Revoke this API token", "token": token, "form": form, "errors": form.error_list()}
    return render(request, "api/token_revoke.html", context, status=400 if form.errors else 200)
