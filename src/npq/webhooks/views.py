"""Provider pages: webhook addresses (register, rotate the secret, stop), deliveries and failures, replay.

A provider user sees and changes only their own lead provider's endpoints and deliveries.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from npq.core.audit import Actor
from npq.core.errors import NotFound, NPQError
from npq.core.forms import bind
from npq.core.pagination import page_of
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.webhooks import services
from npq.webhooks.forms import EndpointForm
from npq.webhooks.models import Delivery
from npq.webhooks.rules import LABELS, EventType

EVENT_LABELS = {e.value: LABELS[e] for e in EventType}


def _page(request: HttpRequest, form: EndpointForm, shown: tuple[str, str] | None = None) -> HttpResponse:
    errors = form.error_list()
    context = {
        "title": "Webhooks",
        "form": form,
        "errors": errors,
        "endpoints": provider_of(request).webhook_endpoints.order_by("-created_at"),
        "labels": EVENT_LABELS,
        "shown": shown,
    }
    response = render(request, "webhooks/endpoints.html", context, status=400 if errors else 200)
    if shown:
        response["Cache-Control"] = "no-store"  # the secret is shown once and must not be cached
    return response


@role_required(Role.LEAD_PROVIDER)
def endpoints(request: HttpRequest) -> HttpResponse:
    form = bind(EndpointForm, request)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form)
    try:
        endpoint = services.register_endpoint(
            provider_of(request), Actor.person(request.user), form.cleaned_data["url"], form.cleaned_data["events"]
        )
    except NPQError as exc:
        form.add_service_error(exc)
        return _page(request, form)
    return _page(request, EndpointForm(), shown=(endpoint.url, endpoint.secret))


@require_POST
@role_required(Role.LEAD_PROVIDER)
def rotate(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    try:
        endpoint = services.rotate_secret(provider_of(request), Actor.person(request.user), endpoint_id)
    except NotFound as exc:  # another provider's endpoint, or none
        raise Http404(exc.message) from exc
    return _page(request, EndpointForm(), shown=(endpoint.url, endpoint.secret))


@require_POST
@role_required(Role.LEAD_PROVIDER)
def disable(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    try:
        services.disable_endpoint(provider_of(request), Actor.person(request.user), endpoint_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return redirect("webhooks:endpoints")


@role_required(Role.LEAD_PROVIDER)
def deliveries(request: HttpRequest) -> HttpResponse:
    only_failed = request.GET.get("show") == "failed"
    rows = services.deliveries_for(provider_of(request)).order_by("-id")
    if only_failed:
        rows = rows.filter(state=Delivery.State.FAILED)
    page = page_of(rows, request.GET.get("page"))
    context = {"title": "Webhook deliveries", "page": page, "only_failed": only_failed, "labels": EVENT_LABELS}
    return render(request, "webhooks/deliveries.html", context)


@require_POST
@role_required(Role.LEAD_PROVIDER)
def replay(request: HttpRequest, delivery_id: str) -> HttpResponse:
    try:
        services.replay_delivery(provider_of(request), Actor.person(request.user), delivery_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return redirect("webhooks:deliveries")
