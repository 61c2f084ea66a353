"""A provider's assessment pages: progress and pass rates, tasks and deadlines, mark schemes, extensions."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from npq.assessment import forms, queries, rules, services
from npq.assessment.models import Window
from npq.assessment.views.common import provider_cohort, provider_id, provider_window, status_of
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.identifiers import parse_id
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.delivery.models import DeliveryCohort
from npq.people.pages import signed_in


@role_required(Role.LEAD_PROVIDER)
def progress(request: HttpRequest) -> HttpResponse:
    pid = provider_id(request)
    context = {
        "title": "Assessment progress",
        "windows": queries.progress_by_window(pid),
        "criteria": queries.criterion_pass_rates(pid),
        "cohorts": queries.cohort_progress(pid),
    }
    return render(request, "assessment/progress.html", context)


@role_required(Role.LEAD_PROVIDER)
def windows(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort of delivery's assessment tasks and deadlines; set another task to it. Only tasks of
    the framework version the group's cohort follows are offered."""
    dc = provider_cohort(request, pk)
    choice = services.version_of(dc)
    schemes = list(services.schemes_for(dc, choice))
    tasks = list(services.tasks_for(dc, choice).select_related("lead_provider").order_by("position", "title"))
    form = bind(forms.WindowForm, request, schemes=schemes)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_window(signed_in(request), dc, data["scheme"], data["deadline"], data["resubmission"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"{data['scheme'].task.title} set to {dc.name}")
            return redirect("assessment:windows", dc.pk)
    rows = (
        Window.objects.filter(delivery_cohort=dc)
        .select_related("scheme__task")
        .annotate(extension_count=Count("extensions"))
        .order_by("deadline", "id")
    )
    context = {
        "title": f"Assessment tasks for {dc.name}",
        "dc": dc,
        "rows": rows,
        "schemes": schemes,
        "choice": choice,
        "tasks": tasks,
        "with_scheme": {s.task_id for s in schemes},
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "posted": form.values(),
        "local": timezone.localtime,
    }
    return render(request, "assessment/windows.html", context, status=status_of(form))


@role_required(Role.LEAD_PROVIDER)
def mark_scheme_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A mark scheme for one of the tasks the provider may use; back to the group it came from."""
    task = get_object_or_404(services.usable_tasks(provider_id(request)).select_related("framework"), pk=pk)
    group = parse_id(request.GET.get("group"))
    dc = DeliveryCohort.objects.filter(pk=group, lead_provider_id=provider_id(request)).first() if group else None
    codes = [(c.code, f"{c.code} {c.text}") for c in task.criteria.order_by("position")]
    form = bind(forms.MarkSchemeForm, request, codes=codes)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            scheme = services.create_mark_scheme(
                signed_in(request),
                task,
                data["name"],
                data["pass_mark"],
                data["must_meet"],
                data["second_marking"] == "yes",
                data["sample_percent"],
                data["resubmissions_allowed"],
            )
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Mark scheme {scheme.name} saved for {task.title}")
            return redirect("assessment:windows", dc.pk) if dc else redirect("assessment:progress")
    context = {
        "title": f"Mark scheme for {task.title}",
        "task": task,
        "dc": dc,
        "bands": rules.STANDARD_BANDS,
        "most": max(b.score for b in rules.STANDARD_BANDS) * len(codes),
        "form": form,
        "errors": form.error_list(),
    }
    return render(request, "assessment/scheme_new.html", context, status=status_of(form))


def _initial_deadlines(window: Window) -> dict[str, str]:
    local = timezone.localtime
    resub = local(window.resubmission_deadline) if window.resubmission_deadline else None
    return {
        "deadline-date": local(window.deadline).date().isoformat(),
        "deadline-time": local(window.deadline).strftime("%H:%M"),
        "resubmission-date": resub.date().isoformat() if resub else "",
        "resubmission-time": resub.strftime("%H:%M") if resub else "",
    }


@role_required(Role.LEAD_PROVIDER)
def window_edit(request: HttpRequest, pk: int) -> HttpResponse:
    window = provider_window(request, pk)
    form = bind(forms.DeadlinesForm, request, initial=_initial_deadlines(window))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_deadlines(signed_in(request), window, data["deadline"], data["resubmission"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Deadlines saved")
            return redirect("assessment:windows", window.delivery_cohort_id)
    context = {
        "title": f"Change deadlines: {window.scheme.task.title}",
        "window": window,
        "dc": window.delivery_cohort,
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "posted": form.values(),
    }
    return render(request, "assessment/window_edit.html", context, status=status_of(form))


@role_required(Role.LEAD_PROVIDER)
def extensions(request: HttpRequest, pk: int) -> HttpResponse:
    window = provider_window(request, pk)
    dc = window.delivery_cohort
    members = [m.participant for m in dc.memberships.select_related("participant").order_by("participant__full_name")]
    form = bind(forms.ExtensionForm, request, members=members)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        person = data["participant"]
        try:
            services.grant_extension(signed_in(request), window, person, data["deadline"], data["reason"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Extension granted to {person.full_name}")
            return redirect("assessment:extensions", window.pk)
    context = {
        "title": f"Extensions: {window.scheme.task.title}",
        "window": window,
        "dc": dc,
        "members": members,
        "granted": window.extensions.select_related("participant", "granted_by").order_by("-granted_at", "-id"),
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "posted": form.values(),
        "local": timezone.localtime,
    }
    return render(request, "assessment/extensions.html", context, status=status_of(form))
