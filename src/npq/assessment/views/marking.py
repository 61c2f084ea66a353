"""Assessors' and moderators' pages: the queue, the marking screen, moderation and agreeing marks."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from npq.assessment import forms, queries, services
from npq.assessment.models import Marking, Moderation
from npq.assessment.views.common import criteria_of, moderated_window, provider_id, status_of, submission_for
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.people.pages import signed_in


@role_required(Role.ASSESSOR)
def marking_queue(request: HttpRequest) -> HttpResponse:
    pid = provider_id(request)
    windows = list(queries.provider_windows(pid)) if services.is_moderator(signed_in(request), pid) else []
    context = {"title": "Marking", "queue": queries.marking_queue(signed_in(request)), "windows": windows}
    return render(request, "assessment/queue.html", context)


@role_required(Role.ASSESSOR)
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    sub = submission_for(request, pk)
    me = signed_in(request)
    scheme = sub.window.scheme
    criteria = criteria_of(sub)
    codes = [c.code for c in criteria]
    form = bind(forms.MarksForm, request, scheme=services.scheme_rules(scheme), codes=codes)
    marking = sub.markings.filter(assessor=me, completed_at__isnull=True).exclude(role="agreed").first()
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
