"""A lead provider decides which of its delivery partners' staff may act on participants, not only read."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from npq.core.audit import Actor
from npq.core.forms import Form, bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.reference.models import DeliveryPartner
from npq.training import services
from npq.training.models import PartnerAccess

LEVELS = [
    ("read", "Read only: see their participants' records"),
    ("act", "Read and act: accept, defer, withdraw, change schedules and record outcomes"),
]


class AccessForm(Form):
    access = forms.ChoiceField(
        choices=LEVELS,
        error_messages={"required": "Select what this partner's staff may do", "invalid_choice": "Select an option"},
    )


def _partners(provider_id: int) -> Any:
    return DeliveryPartner.objects.filter(partnerships__lead_provider_id=provider_id).distinct().order_by("name")


@role_required(Role.LEAD_PROVIDER)
def partner_list(request: HttpRequest) -> HttpResponse:
    provider_id: int = getattr(request.user, "lead_provider_id", 0)
    acting = set(
        PartnerAccess.objects.filter(lead_provider_id=provider_id, can_act=True).values_list(
            "delivery_partner_id", flat=True
        )
    )
    context = {
        "title": "Your delivery partners' access",
        "rows": [(partner, partner.pk in acting) for partner in _partners(provider_id)],
    }
    return render(request, "training/partners.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.LEAD_PROVIDER)
def partner_access(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    provider = getattr(request.user, "lead_provider", None)
    partner = _partners(getattr(request.user, "lead_provider_id", 0)).filter(ecf_id=ecf_id).first()
    if provider is None or partner is None:
        raise Http404("Not one of your delivery partners")
    current = PartnerAccess.objects.filter(lead_provider=provider, delivery_partner=partner, can_act=True).exists()
    form = bind(AccessForm, request, initial={"access": "act" if current else "read"})
    if request.method == "POST" and form.is_valid():
        can_act = form.cleaned_data["access"] == "act"
        services.grant_partner_access(Actor.person(request.user), provider, partner, can_act)
        said = "can now act on" if can_act else "can now only read"
        messages.success(request, f"{partner.name}'s staff {said} the participants they deliver for you")
        return redirect("training:partners")
    context = {"title": f"Access for {partner.name}", "partner": partner, "form": form, "errors": form.error_list()}
    return render(request, "training/partner_access.html", context, status=400 if form.errors else 200)
