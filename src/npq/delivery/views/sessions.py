"""Sessions: scheduling and changing one, signing up and recording attendance."""

from collections import Counter

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from npq.core import clock, labels
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.delivery import forms, queries, rules, services
from npq.delivery.models import Attendance, AttendanceStatus, DeliveryCohort, Session
from npq.delivery.views.common import VIEWERS, cohort_for, session_for, status_of
from npq.people.models import User
from npq.people.pages import signed_in


@role_required(Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    dc = cohort_for(request, pk)
    if not services.can_run(signed_in(request), dc):
        raise Http404
    form = bind(forms.SessionForm, request, initial={"duration": "90"})
    if form.is_bound and form.is_valid():
        try:
            services.schedule_session(signed_in(request), dc, **form.session_fields())
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Session scheduled")
            return redirect("delivery:cohort", dc.pk)
    return _session_form(request, form, dc, None)


@role_required(Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    if not services.can_run(signed_in(request), session.delivery_cohort):
        raise Http404
    form = bind(forms.SessionForm, request, initial=forms.SessionForm.initial_for(session))
    if form.is_bound and form.is_valid():
        try:
            services.update_session(signed_in(request), session, **form.session_fields())
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Session saved")
            return redirect("delivery:session", session.pk)
    return _session_form(request, form, session.delivery_cohort, session)


def _session_form(
    request: HttpRequest, form: forms.SessionForm, dc: DeliveryCohort, session: Session | None
) -> HttpResponse:
    context = {
        "title": f"Change {session.title}" if session else "Schedule a session",
        "dc": dc,
        "session": session,
        "errors": form.error_list(),
        "form": form,
    }
    return render(request, "delivery/session_new.html", context, status=status_of(form))


def _participant_place(request: HttpRequest, me: User, session: Session) -> HttpResponse:
    """A participant books or gives up a place on a session still to come."""
    form = bind(forms.PlaceForm, request)
    try:
        if form.is_valid() and form.cleaned_data["action"] == "give_up":
            services.cancel_place(me, session)
            messages.success(request, f"You have cancelled your place on {session.title}")
        else:
            services.sign_up(me, session)
            messages.success(request, f"You have a place on {session.title}")
    except NPQError as exc:
        messages.error(request, exc.message)
    return redirect("delivery:session", session.pk)


@role_required(*VIEWERS)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    dc = session.delivery_cohort
    me = signed_in(request)
    runner = services.can_run(me, dc)
    if request.method == "POST" and me.role == Role.PARTICIPANT:
        return _participant_place(request, me, session)
    members = list(dc.memberships.select_related("participant"))
    ids = [m.participant_id for m in members]
    form = (
        bind(forms.AttendanceForm, request, participant_ids=ids)
        if runner
        else forms.AttendanceForm(participant_ids=ids)
    )
    if form.is_bound and form.is_valid():
        try:
            changed = services.record_attendance(me, session, form.marks())
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Attendance saved ({changed} change{'s' if changed != 1 else ''})")
            return redirect("delivery:session", session.pk)
    current = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    state = queries.state_of(session, clock.now())
    booked = set(session.sign_ups.filter(cancelled_at__isnull=True).values_list("participant_id", flat=True))
    mine = current.get(me.pk)
    counts = Counter(a.status for pid, a in current.items() if pid in set(ids))
    context = {
        "title": session.title,
        "session": session,
        "dc": dc,
        "runner": runner,
        "errors": form.error_list(),
        "form": form,
        "members": members,
        "current": current,
        "statuses": labels.choices("attendance", AttendanceStatus),
        "state": state,
        "held": state == rules.SessionState.HELD or state == rules.SessionState.NOT_COUNTED,
        "upcoming": state == rules.SessionState.UPCOMING,
        "booked_count": len(booked & set(ids)),
        "booked_names": [m.participant.full_name for m in members if m.participant_id in booked],
        "attended_count": counts[AttendanceStatus.ATTENDED],
        "partial_count": counts[AttendanceStatus.PARTIAL],
        "absent_count": counts[AttendanceStatus.ABSENT],
        "not_recorded_count": len(ids) - sum(counts.values()),
        "your_place": rules.your_place(state, me.pk in booked, mine.status if mine else None),
        "mine": mine,
        "local": timezone.localtime,
    }
    return render(request, "delivery/session.html", context, status=status_of(form))


@role_required(Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER)
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    if not services.can_run(signed_in(request), session.delivery_cohort) or session.cancelled_at is not None:
        raise Http404
    form = bind(forms.CancelSessionForm, request)
    if form.is_bound and form.is_valid():
        try:
            services.cancel_session(signed_in(request), session, form.cleaned_data["reason"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"{session.title} is cancelled. It will not count towards engagement")
            return redirect("delivery:session", session.pk)
    context = {
        "title": f"Cancel {session.title}",
        "session": session,
        "dc": session.delivery_cohort,
        "form": form,
        "errors": form.error_list(),
        "local": timezone.localtime,
    }
    return render(request, "delivery/session_cancel.html", context, status=status_of(form))
