"""Assessment pages for participants (submit, result), assessors (queue, marking screen),
moderators (sample, disagreements, release) and providers (progress and pass rates)."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from npq.assessment import extraction, queries, rules, services
from npq.assessment.models import Marking, Moderation, Submission, Window
from npq.core.errors import NPQError
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.delivery.models import DeliveryCohort


def _me(request: HttpRequest) -> Any:
    """The signed-in user (every view here is behind role_required)."""
    return request.user


def _errors(exc: NPQError, default: str) -> list[dict[str, str]]:
    return [{"text": exc.message, "href": f"#{exc.field or default}"}]


def _read(upload: Any) -> tuple[str, bytes]:
    if upload is None:
        return "", b""
    if upload.size > extraction.MAX_BYTES:  # refused before it is read into memory
        raise NPQError(
            f"{upload.name}: the selected file must be smaller than {extraction.MAX_BYTES // (1024 * 1024)}MB",
            field="document",
        )
    return upload.name or "upload", upload.read()


@role_required(Role.PARTICIPANT)
def my_tasks(request: HttpRequest) -> HttpResponse:
    rows = []
    for window in queries.windows_for_participant(_me(request)):
        latest = services.latest_submission(window, _me(request))
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
                "deadline": services.deadline_for(window, _me(request)),
                "refusal": rules.refusal(services.submit_check(window, _me(request))),
            }
        )
    return render(
        request, "assessment/mine.html", {"title": "Your assessment tasks", "rows": rows, "local": timezone.localtime}
    )


@role_required(Role.PARTICIPANT)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    window = get_object_or_404(queries.windows_for_participant(_me(request)), pk=pk)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            name, data = _read(request.FILES.get("document"))
            if not name:
                raise NPQError("Select your written account to upload", field="document")
            annexes = [_read(f) for f in request.FILES.getlist("annexes")]
            sub = services.submit(_me(request), window, name, data, annexes)
        except NPQError as exc:
            errors = _errors(exc, "document")
        else:
            messages.success(
                request, f"Submitted: {sub.word_count:,} words counted (limit {window.scheme.task.word_limit:,})"
            )
            return redirect("assessment:mine")
    context = {
        "title": f"Submit: {window.scheme.task.title}",
        "window": window,
        "errors": errors,
        "latest": services.latest_submission(window, _me(request)),
        "deadline": services.deadline_for(window, _me(request)),
        "local": timezone.localtime,
    }
    return render(request, "assessment/submit.html", context, status=400 if errors else 200)


@role_required(Role.ASSESSOR)
def marking_queue(request: HttpRequest) -> HttpResponse:
    provider_id = _me(request).lead_provider_id
    windows = list(queries.provider_windows(provider_id)) if services.is_moderator(_me(request), provider_id) else []
    context = {"title": "Marking", "queue": queries.marking_queue(_me(request)), "windows": windows}
    return render(request, "assessment/queue.html", context)


def _submission(request: HttpRequest, pk: int) -> Submission:
    sub = get_object_or_404(
        Submission.objects.select_related("window__scheme__task", "window__delivery_cohort", "participant").defer(
            "content"
        ),
        pk=pk,
    )
    if sub.window.delivery_cohort.lead_provider_id != _me(request).lead_provider_id:
        raise Http404
    return sub


def _posted_marks(request: HttpRequest, codes: list[str]) -> dict[str, tuple[str, str]]:
    marks = {}
    for code in codes:
        band = request.POST.get(f"band-{code}", "")
        if band:
            marks[code] = (band, request.POST.get(f"evidence-{code}", ""))
    for key in request.POST:  # a criterion the task does not test is refused, not ignored
        if key.startswith("band-") and key[5:] not in codes and request.POST[key]:
            marks[key[5:]] = (request.POST[key], request.POST.get(f"evidence-{key[5:]}", ""))
    return marks


@role_required(Role.ASSESSOR)
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _submission(request, pk)
    scheme = sub.window.scheme
    criteria = list(scheme.task.criteria.order_by("position", "code"))
    codes = [c.code for c in criteria]
    errors: list[dict[str, str]] = []
    marking = sub.markings.filter(assessor=_me(request), completed_at__isnull=True).exclude(role="agreed").first()
    if marking is None and request.method == "POST":
        try:
            marking = services.start_marking(_me(request), sub)
        except NPQError as exc:
            errors = _errors(exc, "band")
    if request.method == "POST" and request.POST.get("action") == "complete" and not request.POST.get("confirmed"):
        lines = [
            "Your marks become final: you cannot change them afterwards.",
            "The submission then goes on to its next step (second marking, agreement or its result).",
        ]
        return _confirm(request, f"Complete marking of {sub.candidate_number}?", lines, "Complete marking")
    if request.method == "POST" and marking is not None:
        try:
            services.save_marks(
                _me(request), marking, _posted_marks(request, codes), complete=request.POST.get("action") == "complete"
            )
        except NPQError as exc:
            errors = _errors(exc, f"band-{codes[0]}")
        else:
            messages.success(
                request, "Marking completed" if request.POST.get("action") == "complete" else "Marks saved"
            )
            if request.POST.get("action") == "complete":
                return redirect("assessment:queue")
            return redirect("assessment:mark", sub.pk)
    saved = {m.criterion.code: m for m in marking.marks.select_related("criterion")} if marking else {}
    role = marking.role if marking else services.next_role(sub, _me(request))
    if role is None and not errors:
        raise Http404
    context = {
        "title": f"Mark {sub.candidate_number if scheme.anonymous else sub.participant.full_name}",
        "sub": sub,
        "scheme": scheme,
        "criteria": criteria,
        "bands": scheme.bands,
        "saved": saved,
        "role": role,
        "errors": errors,
        "posted": request.POST,
        "annexes": sub.annexes.defer("content"),
    }
    return render(request, "assessment/mark.html", context, status=400 if errors else 200)


def _confirm(request: HttpRequest, title: str, lines: list[str], button: str) -> HttpResponse:
    """The step before an irreversible post: says what will happen and posts the same fields again,
    with ``confirmed``, to the same page."""
    fields = [(k, v) for k, vs in request.POST.lists() if k not in ("csrfmiddlewaretoken", "confirmed") for v in vs]
    context = {"title": title, "lines": lines, "fields": fields, "button": button, "back": request.get_full_path()}
    return render(request, "assessment/confirm.html", context)


def _moderated_window(request: HttpRequest, pk: int) -> Window:
    window = get_object_or_404(queries.provider_windows(_me(request).lead_provider_id), pk=pk)
    if not services.is_moderator(_me(request), window.delivery_cohort.lead_provider_id):
        raise Http404
    return window


@role_required(Role.ASSESSOR)
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    window = _moderated_window(request, pk)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "release" and not request.POST.get("confirmed"):
                ready = services.moderation_status(window)["ready"]
                lines = [
                    f"{ready} result(s) will be shown to participants at once. This cannot be undone.",
                    "A pass becomes the participant's NPQ outcome where they have a completed declaration.",
                ]
                return _confirm(request, "Release results to participants?", lines, "Release results")
            if request.POST.get("action") == "release":
                services.release_results(_me(request), window)
                messages.success(request, "Results released to participants")
            else:
                sub = get_object_or_404(window.submissions, pk=request.POST.get("submission"))
                services.moderate(
                    _me(request), sub, request.POST.get("decision") == "pass", request.POST.get("reason", "")
                )
                messages.success(request, f"Moderation recorded for {sub.candidate_number}")
            return redirect("assessment:moderation", window.pk)
        except NPQError as exc:
            errors = _errors(exc, "reason")
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
        "errors": errors,
    }
    return render(request, "assessment/moderation.html", context, status=400 if errors else 200)


@role_required(Role.ASSESSOR)
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _submission(request, pk)
    _moderated_window(request, sub.window_id)
    criteria = list(sub.window.scheme.task.criteria.order_by("position", "code"))
    codes = [c.code for c in criteria]
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            services.record_agreement(_me(request), sub, _posted_marks(request, codes), request.POST.get("reason", ""))
        except NPQError as exc:
            errors = _errors(exc, "reason")
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
        "errors": errors,
        "posted": request.POST,
    }
    return render(request, "assessment/agree.html", context, status=400 if errors else 200)


@role_required(Role.LEAD_PROVIDER)
def progress(request: HttpRequest) -> HttpResponse:
    provider_id = _me(request).lead_provider_id
    context = {
        "title": "Assessment progress",
        "windows": queries.progress_by_window(provider_id),
        "criteria": queries.criterion_pass_rates(provider_id),
        "cohorts": queries.cohort_progress(provider_id),
    }
    return render(request, "assessment/progress.html", context)


def _provider_cohort(request: HttpRequest, pk: int) -> DeliveryCohort:
    return get_object_or_404(
        DeliveryCohort.objects.select_related("course", "cohort"), pk=pk, lead_provider_id=_me(request).lead_provider_id
    )


def _when(request: HttpRequest, name: str, label: str, required: bool = True) -> dt.datetime | None:
    """A date and time posted as ``{name}-date`` and ``{name}-time`` (the time defaults to 23:59)."""
    day = request.POST.get(f"{name}-date", "").strip()
    if not day and not required:
        return None
    try:
        return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T{request.POST.get(f'{name}-time') or '23:59'}"))
    except ValueError:
        raise NPQError(f"Enter the {label} as a date, like 2026-12-31, and a time, like 17:00", field=name) from None


@role_required(Role.LEAD_PROVIDER)
def windows(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort of delivery's assessment tasks and deadlines; set another task to it."""
    dc = _provider_cohort(request, pk)
    schemes = list(services.schemes_for(dc))
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            scheme = next((s for s in schemes if str(s.pk) == request.POST.get("scheme")), None)
            if scheme is None:
                raise NPQError("Select the task and its mark scheme", field="scheme")
            deadline = _when(request, "deadline", "deadline")
            assert deadline is not None
            services.set_window(
                _me(request), dc, scheme, deadline, _when(request, "resubmission", "resubmission deadline", False)
            )
        except NPQError as exc:
            errors = _errors(exc, "scheme")
        else:
            messages.success(request, f"{scheme.task.title} set to {dc.name}")
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
        "errors": errors,
        "field_error": {e["href"][1:]: {"text": e["text"]} for e in errors},
        "posted": request.POST,
        "local": timezone.localtime,
    }
    return render(request, "assessment/windows.html", context, status=400 if errors else 200)


def _provider_window(request: HttpRequest, pk: int) -> Window:
    return get_object_or_404(
        Window.objects.select_related("scheme__task", "delivery_cohort__course"),
        pk=pk,
        delivery_cohort__lead_provider_id=_me(request).lead_provider_id,
    )


@role_required(Role.LEAD_PROVIDER)
def window_edit(request: HttpRequest, pk: int) -> HttpResponse:
    window = _provider_window(request, pk)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            deadline = _when(request, "deadline", "deadline")
            assert deadline is not None
            services.change_deadlines(
                _me(request), window, deadline, _when(request, "resubmission", "resubmission deadline", False)
            )
        except NPQError as exc:
            errors = _errors(exc, "deadline")
        else:
            messages.success(request, "Deadlines saved")
            return redirect("assessment:windows", window.delivery_cohort_id)
    local = timezone.localtime
    resub = local(window.resubmission_deadline) if window.resubmission_deadline else None
    values = request.POST or {
        "deadline-date": local(window.deadline).date().isoformat(),
        "deadline-time": local(window.deadline).strftime("%H:%M"),
        "resubmission-date": resub.date().isoformat() if resub else "",
        "resubmission-time": resub.strftime("%H:%M") if resub else "",
    }
    context = {
        "title": f"Change deadlines: {window.scheme.task.title}",
        "window": window,
        "dc": window.delivery_cohort,
        "errors": errors,
        "field_error": {e["href"][1:]: {"text": e["text"]} for e in errors},
        "posted": values,
    }
    return render(request, "assessment/window_edit.html", context, status=400 if errors else 200)


@role_required(Role.LEAD_PROVIDER)
def extensions(request: HttpRequest, pk: int) -> HttpResponse:
    window = _provider_window(request, pk)
    dc = window.delivery_cohort
    members = [m.participant for m in dc.memberships.select_related("participant").order_by("participant__full_name")]
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            person = next((p for p in members if str(p.pk) == request.POST.get("participant")), None)
            if person is None:
                raise NPQError("Select the participant", field="participant")
            deadline = _when(request, "deadline", "new deadline")
            assert deadline is not None
            services.grant_extension(_me(request), window, person, deadline, request.POST.get("reason", ""))
        except NPQError as exc:
            errors = _errors(exc, "participant")
        else:
            messages.success(request, f"Extension granted to {person.full_name}")
            return redirect("assessment:extensions", window.pk)
    context = {
        "title": f"Extensions: {window.scheme.task.title}",
        "window": window,
        "dc": dc,
        "members": members,
        "granted": window.extensions.select_related("participant", "granted_by").order_by("-granted_at", "-id"),
        "errors": errors,
        "field_error": {e["href"][1:]: {"text": e["text"]} for e in errors},
        "posted": request.POST,
        "local": timezone.localtime,
    }
    return render(request, "assessment/extensions.html", context, status=400 if errors else 200)
