"""Pages around the API: JSON 404 under /api/v3, interactive docs, guidance, and DfE token pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from npq.api import guidance, paging
from npq.api.errors import NOT_FOUND
from npq.api.models import ApiToken
from npq.api.tokens import revoke_token
from npq.api.v3 import api
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.permissions import role_required


def not_found(request: HttpRequest) -> HttpResponse:
    return paging.json_response(NOT_FOUND, status=404)


def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI over /api/v3/openapi.json."""
    return api.docs.render_page(request, api)


def guidance_index(request: HttpRequest) -> HttpResponse:
    pages = [(slug, guidance.page(slug)[0]) for slug in guidance.PAGES]  # type: ignore[index]
    return render(request, "api/guidance_index.html", {"title": "Lead Provider API guidance", "pages": pages})


def guidance_page(request: HttpRequest, slug: str) -> HttpResponse:
    found = guidance.page(slug)
    if found is None:
        raise Http404(f"No guidance page {slug}")
    title, body = found
    return render(request, "api/guidance_page.html", {"title": title, "body": body, "slug": slug})


@role_required("dfe_admin")
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.select_related("lead_provider").order_by("lead_provider__name", "-created_at")
    return render(request, "api/tokens.html", {"title": "Lead Provider API tokens", "tokens": tokens})


@role_required("dfe_admin")
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id)
    try:
        revoke_token(token, Actor.person(request.user))
    except NPQError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
    return redirect("api:tokens")
