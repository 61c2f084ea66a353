"""Assessors' and moderators' pages: the queue, the marking screen, moderation and agreeing marks."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from npq.assessment import forms, queries, services
from npq.assessment.models import Marking, Moderation, Submission
from npq.assessment.views.common import criteria_of, moderated_window, provider_id, status_of, submission_for
from npq.core.errors import NPQError
from npq.core.forms import Form, bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.people.pages import signed_in


def _confirm(request: HttpRequest, form: Form, title: str, lines: list[str], button: str) -> HttpResponse:
    """The step before an irreversible post: says what will happen and posts the same fields
    again, with ``confirmed``, to the same page."""
    skip = ("csrfmiddlewaretoken", "confirmed")
    fields = [(k, v) for k, vs in form.data.lists() if k not in skip for v in vs]  # type: ignore[attr-defined]
    context = {"title": title, "lines": lines, "fields": fields, "button": button, "back": request.get_full_path()}
    return render(request, "assessment/confirm.html", context)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "text": "text/plain; charset=utf-8",
}


@role_required(Role.ASSESSOR)
def marking_queue(request: HttpRequest) -> HttpResponse:
    pid = provider_id(request)
    windows = queries.window_progress(pid) if services.is_moderator(signed_in(request), pid) else []
    context = {"title": "Marking", "queue": queries.marking_queue(signed_in(request)), "windows": windows}
    return render(request, "assessment/queue.html", context)


@role_required(Role.ASSESSOR)
def annex(request: HttpRequest, pk: int, annex_id: int) -> HttpResponse:
    """An annex of a submission of the assessor's provider, downloaded to open in its own program."""
    sub = submission_for(request, pk)
    found = get_object_or_404(sub.annexes, pk=annex_id)
    response = HttpResponse(
        bytes(found.content), content_type=CONTENT_TYPES.get(found.kind, "application/octet-stream")
    )
    safe = "".join(ch for ch in found.file_name if ch.isalnum() or ch in "._- ")[:150] or f"annex-{found.pk}"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _marks_by_role(sub: Submission) -> dict[str, dict[str, Any]]:
    return {
        m.role: {cm.criterion.code: cm for cm in m.marks.select_related("criterion")}
        for m in sub.markings.filter(completed_at__isnull=False)
    }


@role_required(Role.ASSESSOR)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """One submission for a moderator: the work beside every completed marking and the result,
    with the moderation form when the result can still be moderated."""
    sub = submission_for(request, pk)
    window = moderated_window(request, sub.window_id)
    released = sub.pk in services.released_ids(window)
    moderation_row = Moderation.objects.filter(submission=sub).first()
    marked_it = sub.markings.filter(assessor=signed_in(request)).exclude(role=Marking.Role.AGREED).exists()
    context = {
        "title": f"{sub.candidate_number}, attempt {sub.attempt}",
        "sub": sub,
        "window": window,
        "criteria": criteria_of(sub),
        "bands": window.scheme.bands,
        "markings": _marks_by_role(sub),
        "result": services.current_result(sub),
        "released": released,
        "sampled": sub.pk in services.sample_ids(window),
        "moderation": moderation_row,
        "can_moderate": not released and moderation_row is None and not marked_it,
        "marked_it": marked_it,
        "annexes": sub.annexes.defer("content"),
    }
    return render(request, "assessment/review.html", context)


@role_required(Role.ASSESSOR)
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    sub = submission_for(request, pk)
    me = signed_in(request)
    scheme = sub.window.scheme
    criteria = criteria_of(sub)
    codes = [c.code for c in criteria]
    form = bind(forms.MarksForm, request, scheme=services.scheme_rules(scheme), codes=codes)
    marking = sub.markings.filter(assessor=me, completed_at__isnull=True).exclude(role="agreed").first()
    if form.is_bound and form.is_valid() and form.complete and not form.cleaned_data["confirmed"]:
        lines = [
            "Your marks become final: you cannot change them afterwards.",
            "The submission then goes on to its next step (second marking, agreement or its result).",
        ]
        return _confirm(request, form, f"Complete marking of {sub.candidate_number}?", lines, "Complete marking")
    if form.is_bound and form.is_valid():
        try:
            marking = marking or services.start_marking(me, sub)
            services.save_marks(me, marking, form.marks(), complete=form.complete)
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Marking completed" if form.complete else "Marks saved")
            return redirect("assessment:queue") if form.complete else redirect("assessment:mark", sub.pk)
    saved = {m.criterion.code: m for m in marking.marks.select_related("criterion")} if marking else {}
    role = marking.role if marking else services.next_role(sub, me)
    if role is None and not form.errors:
        raise Http404
    context = {
        "title": f"Mark {sub.candidate_number if scheme.anonymous else sub.participant.full_name}",
        "sub": sub,
        "scheme": scheme,
        "criteria": criteria,
        "bands": scheme.bands,
        "saved": saved,
        "role": role,
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "posted": form.values() if form.is_bound else {},
        "annexes": sub.annexes.defer("content"),
    }
    return render(request, "assessment/mark.html", context, status=status_of(form))


@role_required(Role.ASSESSOR)
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    window = moderated_window(request, pk)
    form = bind(forms.ModerationForm, request)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["action"] == "release" and not data["confirmed"]:
            ready = services.moderation_status(window)["ready"]
            lines = [
                (f"{ready} results" if ready != 1 else "1 result")
                + " will be shown to participants at once. This cannot be undone.",
                "A pass becomes the participant's NPQ outcome where they have a completed declaration.",
            ]
            return _confirm(request, form, "Release results to participants?", lines, "Release results")
        try:
            if data["action"] == "release":
                services.release_results(signed_in(request), window)
                messages.success(request, "Results released to participants")
            else:
                sub = get_object_or_404(window.submissions, pk=data["submission"])
                services.moderate(signed_in(request), sub, data["decision"] == "pass", data["reason"])
                messages.success(request, f"Moderation recorded for {sub.candidate_number}")
            return redirect("assessment:moderation", window.pk)
        except NPQError as exc:
            form.add_service_error(exc)
    elif form.is_bound:
        raise Http404
    subs = services.live_submissions(window)
    sampled = services.sample_ids(window)
    released = services.released_ids(window)
    moderated = {m.submission_id: m for m in Moderation.objects.filter(submission__window=window)}
    rows = [
        {
            "sub": s,
            "result": services.current_result(s),
            "sampled": s.pk in sampled,
            "released": s.pk in released,
            "moderation": moderated.get(s.pk),
            "disagreement": services.needs_agreement(s),
            "marked_it": any(
                m.assessor_id == signed_in(request).pk and m.role != Marking.Role.AGREED for m in s.markings.all()
            ),
        }
        for s in subs
    ]
    context = {
        "title": f"Moderation: {window.scheme.task.title}",
        "window": window,
        "rows": rows,
        "status": services.moderation_status(window),
        "complete": services.moderation_complete(window),
        "errors": form.error_list(),
    }
    return render(request, "assessment/moderation.html", context, status=status_of(form))


@role_required(Role.ASSESSOR)
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    sub = submission_for(request, pk)
    moderated_window(request, sub.window_id)
    criteria = criteria_of(sub)
    scheme = services.scheme_rules(sub.window.scheme)
    form = bind(forms.MarksForm, request, scheme=scheme, codes=[c.code for c in criteria], agreeing=True)
    if form.is_bound and form.is_valid():
        try:
            services.record_agreement(signed_in(request), sub, form.marks(), form.cleaned_data["reason"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Agreed marks recorded for {sub.candidate_number}")
            return redirect("assessment:moderation", sub.window_id)
    markings = {
        m.role: {cm.criterion.code: cm for cm in m.marks.select_related("criterion")}
        for m in sub.markings.filter(role__in=[Marking.Role.FIRST, Marking.Role.SECOND])
    }
    context = {
        "annexes": sub.annexes.defer("content"),
        "title": f"Agree marks for {sub.candidate_number}",
        "sub": sub,
        "criteria": criteria,
        "bands": sub.window.scheme.bands,
        "markings": markings,
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "posted": form.values(),
    }
    return render(request, "assessment/agree.html", context, status=status_of(form))
