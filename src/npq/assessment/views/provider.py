"""A provider's assessment pages: progress and pass rates, tasks and deadlines, extensions."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from npq.assessment import forms, queries, services
from npq.assessment.models import Window
from npq.assessment.views.common import provider_cohort, provider_id, provider_window, status_of
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
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
    """A cohort of delivery's assessment tasks and deadlines; set another task to it."""
    dc = provider_cohort(request, pk)
    schemes = list(services.schemes_for(dc))
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
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "posted": form.values(),
        "local": timezone.localtime,
    }
    return render(request, "assessment/windows.html", context, status=status_of(form))


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
