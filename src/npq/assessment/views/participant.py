"""A participant's assessment pages: their tasks and results, and submitting a written account."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from npq.assessment import forms, queries, rules, services
from npq.assessment.views.common import (
    status_of,
)
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.people.pages import signed_in


@role_required(Role.PARTICIPANT)
def my_tasks(request: HttpRequest) -> HttpResponse:
    rows = []
    for window in queries.windows_for_participant(signed_in(request)):
        latest = services.latest_submission(window, signed_in(request))
        released = services.released_result(latest) if latest else None
        marks = []
        if released is not None and latest is not None:
            final = latest.markings.filter(role__in=["agreed", "first"]).order_by("role").first()  # agreed before first
            marks = list(final.marks.select_related("criterion")) if final else []
        rows.append(
            {
                "window": window,
                "latest": latest,
                "released": released,
                "marks": marks,
                "deadline": services.deadline_for(window, signed_in(request)),
                "draft": services.draft_for(window, signed_in(request)),
                "refusal": rules.refusal(services.submit_check(window, signed_in(request))),
            }
        )
    return render(
        request, "assessment/mine.html", {"title": "Your assessment tasks", "rows": rows, "local": timezone.localtime}
    )


@role_required(Role.PARTICIPANT)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    me = signed_in(request)
    window = get_object_or_404(queries.windows_for_participant(me), pk=pk)
    form = bind(forms.SubmitForm, request)
    if form.is_bound and form.is_valid():
        name, data = form.cleaned_data["document"]
        try:
            services.upload_draft(me, window, name, data, form.cleaned_data["annexes"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            return redirect("assessment:check", window.pk)
    context = {
        "title": f"Submit: {window.scheme.task.title}",
        "window": window,
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "latest": services.latest_submission(window, me),
        "deadline": services.deadline_for(window, me),
        "local": timezone.localtime,
    }
    return render(request, "assessment/submit.html", context, status=status_of(form))


@role_required(Role.PARTICIPANT)
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload as it will be submitted, with the own-work declaration: nothing is submitted
    until the participant confirms here."""
    me = signed_in(request)
    window = get_object_or_404(queries.windows_for_participant(me), pk=pk)
    draft = services.draft_for(window, me)
    if draft is None:
        return redirect("assessment:submit", window.pk)
    form = bind(forms.DeclarationForm, request)
    if form.is_bound and form.is_valid():
        try:
            sub = services.confirm_draft(me, draft, form.cleaned_data["own_work"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, f"Submitted: {sub.word_count:,} words counted (limit {window.scheme.task.word_limit:,})"
            )
            return redirect("assessment:mine")
    task = window.scheme.task
    context = {
        "title": "Check your submission before you submit it",
        "window": window,
        "draft": draft,
        "annexes": draft.annexes.defer("content"),
        "opening": " ".join(draft.text.split()[:80]),
        "warnings": rules.check_warnings(draft.word_count, task.word_limit),
        "declaration": rules.OWN_WORK,
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "deadline": services.deadline_for(window, me),
        "local": timezone.localtime,
    }
    return render(request, "assessment/check.html", context, status=status_of(form))
