"""Delivery pages: cohorts of delivery, sessions and attendance, the leadership-behaviours
self-evaluation with 360° feedback, and formative checkpoints."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from npq.core import clock, labels
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.pagination import page_of
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.delivery import queries, rules, services
from npq.delivery.models import Attendance, AttendanceStatus, Checkpoint, DeliveryCohort, SelfEvaluation, Session
from npq.frameworks.models import Behaviour, DeliveryMode
from npq.reference.models import Cohort, Course, CourseOffering, DeliveryPartner

VIEWERS = (Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER, Role.PARTICIPANT, Role.DFE_ADMIN, Role.INSPECTOR)


def _me(request: HttpRequest) -> Any:
    """The signed-in user (every view here is behind role_required)."""
    return request.user


def _error(exc: NPQError, default: str = "") -> list[dict[str, str]]:
    return [{"text": exc.message, "href": f"#{exc.field or default}"}]


def _cohort(request: HttpRequest, pk: int) -> DeliveryCohort:
    return get_object_or_404(queries.cohorts_for(_me(request)), pk=pk)


def behaviours() -> list[Behaviour]:
    """The seven leadership behaviours of the newest framework version that has them."""
    first = Behaviour.objects.order_by("-framework__version", "framework__key").first()
    return list(Behaviour.objects.filter(framework_id=first.framework_id)) if first else []


@role_required(*VIEWERS)
def cohort_list(request: HttpRequest) -> HttpResponse:
    qs = queries.cohorts_for(_me(request)).order_by("lead_provider__name", "name")
    return render(
        request, "delivery/list.html", {"title": "Cohorts of delivery", "page": page_of(qs, request.GET.get("page"))}
    )


@role_required(*VIEWERS)
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dc = _cohort(request, pk)
    now = clock.now()
    runner = services.can_run(_me(request), dc)
    members = list(dc.memberships.select_related("participant"))
    engagement = queries.engagement_by_participant(dc, now) if _me(request).role != "participant" else {}
    mine = queries.engagement_of(dc, _me(request).pk, now) if _me(request).role == "participant" else None
    context = {
        "title": dc.name,
        "dc": dc,
        "runner": runner,
        "members": members,
        "engagement": engagement,
        "mine": mine,
        "threshold": queries.threshold_for(dc.course_id),
        "now": now,
        "sessions": dc.sessions.select_related("module", "facilitator"),
        "checkpoints": dc.checkpoints.all(),
        "signed_up": set(_me(request).session_sign_ups.values_list("session_id", flat=True)),
        "facilitators": dc.facilitators.all(),
        "local": timezone.localtime,
    }
    return render(request, "delivery/cohort.html", context)


@role_required(Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    dc = _cohort(request, pk)
    if not services.can_run(_me(request), dc):
        raise Http404
    errors: list[dict[str, str]] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        fields, errors = _session_form(request)
        if not errors:
            try:
                services.schedule_session(_me(request), dc, **fields)
            except NPQError as exc:
                errors = _error(exc, "title")
            else:
                messages.success(request, "Session scheduled")
                return redirect("delivery:cohort", dc.pk)
    context = {"title": "Schedule a session", "dc": dc, "errors": errors, "form": form, "modes": DeliveryMode.choices}
    return render(request, "delivery/session_new.html", context, status=400 if errors else 200)


def _session(request: HttpRequest, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("delivery_cohort", "module"), pk=pk)
    if not queries.cohorts_for(_me(request)).filter(pk=session.delivery_cohort_id).exists():
        raise Http404
    return session


@role_required(*VIEWERS)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    dc = session.delivery_cohort
    runner = services.can_run(_me(request), dc)
    errors: list[dict[str, str]] = []
    if request.method == "POST" and _me(request).role == "participant":
        services.sign_up(_me(request), session)
        messages.success(request, f"You are signed up for {session.title}")
        return redirect("delivery:session", session.pk)
    if request.method == "POST" and runner:
        marks = {}
        for member in dc.memberships.all():
            status = request.POST.get(f"status-{member.participant_id}", "")
            if status:
                marks[member.participant_id] = (status, request.POST.get(f"reason-{member.participant_id}", ""))
        try:
            changed = services.record_attendance(_me(request), session, marks)
        except NPQError as exc:
            errors = _error(exc)
        else:
            messages.success(request, f"Attendance saved ({changed} change{'s' if changed != 1 else ''})")
            return redirect("delivery:session", session.pk)
    current = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    context = {
        "title": session.title,
        "session": session,
        "dc": dc,
        "runner": runner,
        "errors": errors,
        "members": dc.memberships.select_related("participant"),
        "current": current,
        "statuses": labels.choices("attendance", AttendanceStatus),
        "posted": request.POST,
        "started": session.starts_at <= clock.now(),
        "signed_up": session.sign_ups.filter(participant=_me(request)).exists(),
        "sign_up_count": session.sign_ups.count(),
        "local": timezone.localtime,
    }
    return render(request, "delivery/session.html", context, status=400 if errors else 200)


def _ratings(post: Any, keys: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        try:
            out[key] = int(post.get(f"rating-{key}", ""))
        except ValueError:
            continue
    return out


@role_required(Role.PARTICIPANT, Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def self_evaluation(request: HttpRequest, pk: int, participant_id: int | None = None) -> HttpResponse:
    dc = _cohort(request, pk)
    items = behaviours()
    keys = [b.key for b in items]
    if _me(request).role == "participant":
        person = _me(request)
    elif services.can_run(_me(request), dc) and participant_id:
        person = get_object_or_404(
            dc.memberships.select_related("participant"), participant_id=participant_id
        ).participant
    else:
        raise Http404
    se = SelfEvaluation.objects.filter(participant=person, delivery_cohort=dc).first()
    errors: list[dict[str, str]] = []
    if request.method == "POST" and person == _me(request):
        try:
            if request.POST.get("action") == "invite" and se is not None:
                services.invite_colleague(
                    person,
                    se,
                    request.POST.get("name", ""),
                    request.POST.get("email", ""),
                    request.build_absolute_uri("/"),
                )
                messages.success(request, "Invitation sent")
            else:
                plan = {k: request.POST.get(f"plan-{k}", "") for k in keys}
                services.save_self_evaluation(person, dc, keys, _ratings(request.POST, keys), plan)
                messages.success(request, "Self-evaluation saved")
            return redirect("delivery:self_evaluation", dc.pk)
        except NPQError as exc:
            errors = _error(exc, f"rating-{keys[0]}" if keys else "")
    responses = [i.ratings for i in se.invitations.all() if i.responded_at] if se else []
    context = {
        "title": "Leadership behaviours self-evaluation"
        if person == _me(request)
        else f"Self-evaluation: {person.full_name}",
        "dc": dc,
        "behaviours": items,
        "se": se,
        "errors": errors,
        "posted": request.POST,
        "person": person,
        "own": person == _me(request),
        "invitations": se.invitations.all() if se else [],
        "priorities": rules.development_priorities(se.ratings, responses) if se and se.ratings else [],
        "names": {b.key: b.name for b in items},
        "responses": len(responses),
        "min_shown": rules.MIN_COLLEAGUES_SHOWN,
    }
    return render(request, "delivery/self_evaluation.html", context, status=400 if errors else 200)


def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """A colleague's 360° feedback form, reached from the emailed link without signing in."""
    try:
        invitation = services.invitation_for(token)
    except NPQError as exc:
        raise Http404 from exc
    items = behaviours()
    keys = [b.key for b in items]
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            services.respond_to_invitation(token, keys, _ratings(request.POST, keys))
        except NPQError as exc:
            errors = _error(exc, f"rating-{keys[0]}")
        else:
            return render(request, "delivery/feedback_done.html", {"title": "Thank you for your feedback"})
    context = {
        "title": f"Feedback for {invitation.self_evaluation.participant.full_name}",
        "invitation": invitation,
        "behaviours": items,
        "errors": errors,
        "posted": request.POST,
        "token": token,
    }
    return render(request, "delivery/feedback.html", context, status=400 if errors else 200)


@role_required(Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def checkpoint_new(request: HttpRequest, pk: int) -> HttpResponse:
    dc = _cohort(request, pk)
    if not services.can_run(_me(request), dc):
        raise Http404
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            due = dt.date.fromisoformat(request.POST.get("due_on", ""))
            services.set_checkpoint(
                _me(request), dc, request.POST.get("title", ""), request.POST.get("prompt", ""), due
            )
        except ValueError:
            errors = [{"text": "Enter the due date", "href": "#due_on"}]
        except NPQError as exc:
            errors = _error(exc, "title")
        else:
            messages.success(request, "Checkpoint set")
            return redirect("delivery:cohort", dc.pk)
    return render(
        request,
        "delivery/checkpoint_new.html",
        {"title": "Set a formative checkpoint", "dc": dc, "errors": errors, "posted": request.POST},
        status=400 if errors else 200,
    )


@role_required(*VIEWERS)
def checkpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cp = get_object_or_404(Checkpoint.objects.select_related("delivery_cohort"), pk=pk)
    dc = _cohort(request, cp.delivery_cohort_id)
    runner = services.can_run(_me(request), dc)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            if _me(request).role == "participant":
                services.respond_to_checkpoint(_me(request), cp, request.POST.get("text", ""))
                messages.success(request, "Response sent to your facilitator")
            elif runner:
                response = get_object_or_404(cp.responses, pk=request.POST.get("response"))
                services.give_feedback(_me(request), response, request.POST.get("feedback", ""))
                messages.success(request, "Feedback saved")
            return redirect("delivery:checkpoint", cp.pk)
        except NPQError as exc:
            errors = _error(exc, "text")
    responses = cp.responses.select_related("participant", "feedback_by")
    if not runner:
        responses = responses.filter(participant=_me(request))
    context = {
        "title": cp.title,
        "cp": cp,
        "dc": dc,
        "runner": runner,
        "responses": list(responses),
        "errors": errors,
        "posted": request.POST,
    }
    return render(request, "delivery/checkpoint.html", context, status=400 if errors else 200)


def _staff_of(provider_id: int) -> Any:
    from npq.people.models import User

    return User.objects.filter(lead_provider_id=provider_id, role__in=["delivery_partner", "lead_provider"]).order_by(
        "full_name", "pk"
    )


def _partners_of(provider_id: int) -> list[DeliveryPartner]:
    return list(DeliveryPartner.objects.filter(partnerships__lead_provider_id=provider_id).distinct().order_by("name"))


def _chosen(qs: Any, value: str | None) -> Any:
    """The row of ``qs`` with the posted id, or None (a value from outside the list is ignored)."""
    return qs.filter(pk=value).first() if value and value.isdigit() else None


def _cohort_form(request: HttpRequest, dc: DeliveryCohort | None, errors: list[dict[str, str]]) -> HttpResponse:
    provider_id = _me(request).lead_provider_id
    posted = request.POST if request.method == "POST" else None
    offered = CourseOffering.objects.filter(lead_provider_id=provider_id).select_related("course", "cohort")
    context = {
        "title": f"Change {dc.name}" if dc else "Create a cohort of delivery",
        "dc": dc,
        "errors": errors,
        "field_error": {e["href"][1:]: {"text": e["text"]} for e in errors},
        "name": posted.get("name", "") if posted else (dc.name if dc else ""),
        "partner": posted.get("partner", "") if posted else str(dc.delivery_partner_id or "") if dc else "",
        "course": posted.get("course", "") if posted else "",
        "cohort": posted.get("cohort", "") if posted else "",
        "chosen": set(posted.getlist("facilitators"))
        if posted
        else {str(pk) for pk in dc.facilitators.values_list("pk", flat=True)}
        if dc
        else set(),
        "courses": sorted({(o.course.pk, o.course.name, o.course.position) for o in offered}, key=lambda c: c[2]),
        "cohorts": sorted(
            {(o.cohort.pk, o.cohort.description, o.cohort.start_year) for o in offered}, key=lambda c: -c[2]
        ),
        "partners": _partners_of(provider_id),
        "staff": _staff_of(provider_id),
    }
    return render(request, "delivery/cohort_form.html", context, status=400 if errors else 200)


@role_required(Role.LEAD_PROVIDER)
def cohort_new(request: HttpRequest) -> HttpResponse:
    provider = _me(request).lead_provider
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        course = _chosen(Course.objects.all(), request.POST.get("course"))
        cohort = _chosen(Cohort.objects.all(), request.POST.get("cohort"))
        if not request.POST.get("name", "").strip():
            errors.append({"text": "Enter a name for the cohort of delivery", "href": "#name"})
        if course is None:
            errors.append({"text": "Select the course", "href": "#course"})
        if cohort is None:
            errors.append({"text": "Select the cohort", "href": "#cohort"})
        if not errors and course is not None and cohort is not None:
            try:
                dc = services.create_delivery_cohort(
                    Actor.person(_me(request)),
                    provider,
                    course,
                    cohort,
                    request.POST.get("name", ""),
                    _chosen(DeliveryPartner.objects.all(), request.POST.get("partner")),
                    list(_staff_of(provider.pk).filter(pk__in=request.POST.getlist("facilitators"))),
                )
            except NPQError as exc:
                errors = _error(exc, "name")
            else:
                messages.success(request, f"{dc.name} created. Now add its participants")
                return redirect("delivery:participants", dc.pk)
    return _cohort_form(request, None, errors)


def _provider_cohort(request: HttpRequest, pk: int) -> DeliveryCohort:
    dc = _cohort(request, pk)
    if _me(request).role != "lead_provider":
        raise Http404
    return dc


@role_required(Role.LEAD_PROVIDER)
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dc = _provider_cohort(request, pk)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            services.update_delivery_cohort(
                _me(request),
                dc,
                request.POST.get("name", ""),
                _chosen(DeliveryPartner.objects.all(), request.POST.get("partner")),
                list(_staff_of(dc.lead_provider_id).filter(pk__in=request.POST.getlist("facilitators"))),
            )
        except NPQError as exc:
            errors = _error(exc, "name")
        else:
            messages.success(request, "Cohort of delivery saved")
            return redirect("delivery:cohort", dc.pk)
    return _cohort_form(request, dc, errors)


@role_required(Role.LEAD_PROVIDER)
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    dc = _provider_cohort(request, pk)
    candidates = services.candidates_for(dc)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        picked = set(request.POST.getlist("participants"))
        chosen = [p for p in candidates if str(p.pk) in picked]
        if not chosen:
            errors = [{"text": "Select the participants to add", "href": "#participants"}]
        else:
            try:
                added = services.add_participants(Actor.person(_me(request)), dc, chosen)
            except NPQError as exc:
                errors = _error(exc, "participants")
            else:
                messages.success(request, f"{added} participant{'s' if added != 1 else ''} added")
                return redirect("delivery:cohort", dc.pk)
    context = {
        "title": f"Add participants to {dc.name}",
        "dc": dc,
        "candidates": candidates,
        "members": dc.memberships.count(),
        "errors": errors,
    }
    return render(request, "delivery/participants.html", context, status=400 if errors else 200)


def _session_form(request: HttpRequest) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The posted session fields, or the problems with the date, time and length."""
    form = request.POST
    try:
        starts = timezone.make_aware(dt.datetime.fromisoformat(f"{form.get('date', '')}T{form.get('time', '')}"))
    except ValueError:
        return {}, [{"text": "Enter the date and time of the session", "href": "#date"}]
    try:
        duration = int(form.get("duration") or 90)
    except ValueError:
        return {}, [{"text": "Enter the length as a whole number of minutes, like 90", "href": "#duration"}]
    return {
        "title": form.get("title", ""),
        "mode": form.get("mode", ""),
        "starts_at": starts,
        "duration_minutes": duration,
        "place": form.get("place", ""),
        "link": form.get("link", ""),
    }, []


@role_required(Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    dc = session.delivery_cohort
    if not services.can_run(_me(request), dc):
        raise Http404
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        fields, errors = _session_form(request)
        if not errors:
            try:
                services.update_session(_me(request), session, **fields)
            except NPQError as exc:
                errors = _error(exc, "title")
            else:
                messages.success(request, "Session saved")
                return redirect("delivery:session", session.pk)
        form: Any = request.POST
    else:
        local = timezone.localtime(session.starts_at)
        form = {
            "title": session.title,
            "mode": session.mode,
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "duration": str(session.duration_minutes),
            "place": session.place,
            "link": session.link,
        }
    context = {
        "title": f"Change {session.title}",
        "dc": dc,
        "session": session,
        "errors": errors,
        "form": form,
        "modes": DeliveryMode.choices,
    }
    return render(request, "delivery/session_new.html", context, status=400 if errors else 200)
