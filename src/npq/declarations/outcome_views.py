"""Recording an outcome from the provider's participant record page: the API's service, checks,
messages and audit, with the signed-in person as the actor, inside training's scope rules."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.declarations import outcomes, rules
from npq.declarations.forms import OutcomeForm
from npq.declarations.models import Declaration
from npq.registration.models import Application
from npq.training import queries


def _completed(app: Application) -> bool:
    return Declaration.objects.filter(
        application=app,
        declaration_type=rules.DeclarationType.COMPLETED,
        state__in=[*rules.BILLABLE, rules.State.SUBMITTED],
    ).exists()


def record_actions(app: Application, may_act: bool) -> list[tuple[str, str]]:
    """The 'Record an outcome' button, where the course has outcomes and a completed declaration."""
    if not may_act or app.course.group not in rules.OUTCOME_COURSE_GROUPS or not _completed(app):
        return []
    return [("Record an outcome", reverse("declarations:outcome", kwargs={"ecf_id": app.ecf_id}))]


@require_http_methods(["GET", "POST"])
@role_required(Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def record_outcome(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    qs = queries.visible_applications(request.user).select_related("user", "course", "cohort", "lead_provider")
    app = get_object_or_404(qs, ecf_id=ecf_id)
    if not queries.may_act(request.user):
        raise PermissionDenied("Your lead provider has not let your organisation change participants")
    form = bind(OutcomeForm, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome, made = outcomes.record_outcome(
                app.lead_provider,
                Actor.person(request.user),
                str(app.user.ecf_id),
                app.course.identifier,
                data["state"],
                data["completion_date"],
            )
        except NPQError as error:
            form.add_service_error(error)
        else:
            said = "Outcome recorded" if made else "That outcome was already recorded"
            messages.success(request, f"{said}: {app.user.full_name} {outcome.state} {app.course.name}")
            return redirect("training:record", ecf_id=app.ecf_id)
    context = {"title": "Record an outcome", "app": app, "form": form, "errors": form.error_list()}
    return render(request, "declarations/outcome.html", context, status=400 if form.errors else 200)
