"""Sessions: scheduling and changing one, signing up and recording attendance."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from npq.core import clock, labels
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.delivery import forms, services
from npq.delivery.models import Attendance, AttendanceStatus, DeliveryCohort, Session
from npq.delivery.views.common import VIEWERS, cohort_for, session_for, status_of
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


@role_required(*VIEWERS)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    dc = session.delivery_cohort
    me = signed_in(request)
    runner = services.can_run(me, dc)
    if request.method == "POST" and me.role == Role.PARTICIPANT:
        services.sign_up(me, session)
        messages.success(request, f"You are signed up for {session.title}")
        return redirect("delivery:session", session.pk)
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
    context = {
        "title": session.title,
        "session": session,
        "dc": dc,
        "runner": runner,
        "errors": form.error_list(),
        "form": form,
        "members": members,
        "current": {a.participant_id: a for a in Attendance.objects.filter(session=session)},
        "statuses": labels.choices("attendance", AttendanceStatus),
        "started": session.starts_at <= clock.now(),
        "signed_up": session.sign_ups.filter(participant=me).exists(),
        "sign_up_count": session.sign_ups.count(),
        "local": timezone.localtime,
    }
    return render(request, "delivery/session.html", context, status=status_of(form))
