"""Provider pages: applications and participants, each person's record, and the actions the API
offers (accept, reject, defer, resume, withdraw, change schedule), calling the same services with
the signed-in person as the actor, so the checks, messages and audit events are the API's."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import Form, bind
from npq.core.pagination import page_of
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.reference.models import Cohort, Course, Schedule
from npq.registration.models import Application
from npq.training import exports, forms, hooks, queries, services

STAFF = (Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
FILTERS = ("q", "cohort", "course", "status", "training_status", "funded_place")


def _chosen_and_rows(request: HttpRequest, participants: bool) -> tuple[dict[str, str], QuerySet[Application]]:
    """The filters from the query string and the rows they select, inside the user's scope."""
    chosen = {key: request.GET.get(key, "").strip()[:100] for key in FILTERS}
    qs = queries.visible_applications(request.user)
    if participants:
        qs = queries.participants(qs)
    return chosen, queries.filtered(queries.search(qs, chosen["q"]), chosen)


def _list(request: HttpRequest, participants: bool) -> HttpResponse:
    chosen, qs = _chosen_and_rows(request, participants)
    qs = qs.select_related("user", "course", "cohort").order_by("-id")
    query = urlencode({k: v for k, v in chosen.items() if v})
    context = {
        "title": "Participants" if participants else "Applications",
        "participants": participants,
        "page": page_of(qs, request.GET.get("page")),
        "chosen": chosen,
        "query": query,
        "csv_url": reverse("training:participants_csv" if participants else "training:applications_csv")
        + (f"?{query}" if query else ""),
        "cohorts": Cohort.objects.order_by("-start_year", "suffix"),
        "courses": Course.objects.order_by("name"),
    }
    return render(request, "training/list.html", context)


@role_required(*STAFF)
def applications(request: HttpRequest) -> HttpResponse:
    return _list(request, participants=False)


@role_required(*STAFF)
def participants(request: HttpRequest) -> HttpResponse:
    return _list(request, participants=True)


def _csv(request: HttpRequest, participants: bool) -> HttpResponse:
    _, qs = _chosen_and_rows(request, participants)
    name = "participants" if participants else "applications"
    provider_id: int = getattr(request.user, "lead_provider_id", 0)
    rows = exports.participants_csv(qs, provider_id) if participants else exports.applications_csv(qs)
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{clock.today():%Y-%m-%d}.csv"'
    return response  # type: ignore[return-value]  # a streamed CSV


@role_required(*STAFF)
def applications_csv(request: HttpRequest) -> HttpResponse:
    return _csv(request, participants=False)


@role_required(*STAFF)
def participants_csv(request: HttpRequest) -> HttpResponse:
    return _csv(request, participants=True)


def _application(request: HttpRequest, ecf_id: Any) -> Application:
    qs = queries.visible_applications(request.user).select_related("user", "course", "cohort", "schedule", "school")
    return get_object_or_404(qs, ecf_id=ecf_id)


def _funding_in_words(app: Application) -> str:
    if app.eligible_for_funding:
        return "Eligible for Department funding"
    reason = app.funding_eligibility_status_code.replace("_", " ")
    return f"Not eligible for Department funding ({reason})" if reason else "Not eligible for Department funding"


def _schedules(app: Application) -> list[tuple[str, str]]:
    found = Schedule.objects.filter(cohort=app.cohort, course_group=app.course.group).order_by("applies_from")
    return [(s.identifier, s.name) for s in found]


@role_required(*STAFF)
def record(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    app = _application(request, ecf_id)
    may_act = queries.may_act(request.user)
    context = {
        "title": f"{app.user.full_name}: {app.course.name}",
        "app": app,
        "funding": _funding_in_words(app),
        "history": app.states.order_by("created_at", "id"),
        "sections": hooks.record_sections.tell(app),
        "may_act": may_act,
        "more_actions": [pair for answer in hooks.record_actions.tell(app, may_act) for pair in answer],
    }
    return render(request, "training/record.html", context)


def _accept(app: Application, actor: Actor, form: Any) -> Application:
    return services.accept_application(
        app, actor, funded_place=form.funded(), schedule_identifier=form.cleaned_data["schedule_identifier"] or None
    )


ACTIONS: dict[str, tuple[str, type[Form], Callable[[Application, Actor, Any], Application], str]] = {
    "accept": ("Accept the application", forms.AcceptForm, _accept, "Application accepted"),
    "reject": (
        "Reject the application",
        forms.ConfirmForm,
        lambda app, actor, form: services.reject_application(app, actor),
        "Application rejected",
    ),
    "defer": (
        "Defer the participant",
        forms.DeferForm,
        lambda app, actor, form: services.defer_participant(app, actor, form.cleaned_data["reason"]),
        "Participant deferred",
    ),
    "resume": (
        "Resume the participant's training",
        forms.ConfirmForm,
        lambda app, actor, form: services.resume_participant(app, actor),
        "Participant resumed",
    ),
    "withdraw": (
        "Withdraw the participant",
        forms.WithdrawForm,
        lambda app, actor, form: services.withdraw_participant(app, actor, form.cleaned_data["reason"]),
        "Participant withdrawn",
    ),
    "schedule": (
        "Change the schedule",
        forms.ScheduleForm,
        lambda app, actor, form: services.change_schedule(app, actor, form.cleaned_data["schedule_identifier"]),
        "Schedule changed",
    ),
}


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def act(request: HttpRequest, ecf_id: Any, action: str) -> HttpResponse:
    if action not in ACTIONS:
        return redirect("training:record", ecf_id=ecf_id)
    app = _application(request, ecf_id)
    if not queries.may_act(request.user):
        raise PermissionDenied("Your lead provider has not let your organisation change participants")
    title, form_class, run, done = ACTIONS[action]
    extra = {"schedules": _schedules(app)} if form_class in (forms.AcceptForm, forms.ScheduleForm) else {}
    form = bind(form_class, request, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            run(app, Actor.person(request.user), form)
        except NPQError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{done}: {app.user.full_name}, {app.course.name}")
            return redirect("training:record", ecf_id=app.ecf_id)
    context = {"title": title, "app": app, "form": form, "action": action, "errors": form.error_list()}
    return render(request, "training/act.html", context, status=400 if form.errors else 200)
