"""Cohorts of delivery: the list, one cohort, creating and changing one, adding participants."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.pagination import page_of
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.delivery import forms, queries, services
from npq.delivery.models import DeliveryCohort
from npq.delivery.views.common import VIEWERS, cohort_for, status_of
from npq.people.pages import signed_in
from npq.reference.models import CourseOffering, DeliveryPartner


@role_required(*VIEWERS)
def cohort_list(request: HttpRequest) -> HttpResponse:
    me = signed_in(request)
    qs = queries.cohorts_for(me).order_by("lead_provider__name", "name")
    title = "Your NPQ groups" if me.role == Role.PARTICIPANT else "Cohorts of delivery"
    return render(request, "delivery/list.html", {"title": title, "page": page_of(qs, request.GET.get("page"))})


@role_required(*VIEWERS)
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dc = cohort_for(request, pk)
    now = clock.now()
    me = signed_in(request)
    runner = services.can_run(me, dc)
    members = list(dc.memberships.select_related("participant"))
    engagement = queries.engagement_by_participant(dc, now) if signed_in(request).role != Role.PARTICIPANT else {}
    mine = (
        queries.engagement_of(dc, signed_in(request).pk, now) if signed_in(request).role == Role.PARTICIPANT else None
    )
    context = {
        "title": dc.name,
        "dc": dc,
        "runner": runner,
        "members": members,
        "engagement": engagement,
        "mine": mine,
        "threshold": queries.threshold_for(dc.course_id),
        "now": now,
        "sessions": queries.session_rows(dc, me, now),
        "participant": me.role == Role.PARTICIPANT,
        "provider_user": runner and me.role == Role.LEAD_PROVIDER,
        "checkpoints": dc.checkpoints.all(),
        "facilitators": dc.facilitators.all(),
        "local": timezone.localtime,
    }
    return render(request, "delivery/cohort.html", context)


def _cohort_form(request: HttpRequest, dc: DeliveryCohort | None, form: forms.CohortForm) -> HttpResponse:
    provider_id = signed_in(request).lead_provider_id
    offered = CourseOffering.objects.filter(lead_provider_id=provider_id).select_related("course", "cohort")

    def value(name: str) -> str:
        v = form[name].value() if name in form.fields else None
        return "" if v is None else str(v)

    context = {
        "title": f"Change {dc.name}" if dc else "Create a cohort of delivery",
        "dc": dc,
        "errors": form.error_list(),
        "field_error": form.field_errors(),
        "name": value("name"),
        "partner": value("partner"),
        "course": value("course"),
        "cohort": value("cohort"),
        "chosen": form.chosen_facilitators(),
        "courses": sorted({(o.course.pk, o.course.name, o.course.position) for o in offered}, key=lambda c: c[2]),
        "cohorts": sorted(
            {(o.cohort.pk, o.cohort.description, o.cohort.start_year) for o in offered}, key=lambda c: -c[2]
        ),
        "partners": list(
            DeliveryPartner.objects.filter(partnerships__lead_provider_id=provider_id).distinct().order_by("name")
        ),
        "staff": form.staff,
    }
    return render(request, "delivery/cohort_form.html", context, status=status_of(form))


@role_required(Role.LEAD_PROVIDER)
def cohort_new(request: HttpRequest) -> HttpResponse:
    me = signed_in(request)
    if me.lead_provider is None:
        raise Http404
    form = bind(forms.CohortForm, request, provider_id=me.lead_provider.pk, creating=True)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            dc = services.create_delivery_cohort(
                Actor.person(me),
                me.lead_provider,
                data["course"],
                data["cohort"],
                data["name"],
                data["partner"],
                data["facilitators"],
            )
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"{dc.name} created. Now add its participants")
            return redirect("delivery:participants", dc.pk)
    return _cohort_form(request, None, form)


def _provider_cohort(request: HttpRequest, pk: int) -> DeliveryCohort:
    dc = cohort_for(request, pk)
    if signed_in(request).role != Role.LEAD_PROVIDER:
        raise Http404
    return dc


@role_required(Role.LEAD_PROVIDER)
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dc = _provider_cohort(request, pk)
    initial = {
        "name": dc.name,
        "partner": str(dc.delivery_partner_id or ""),
        "facilitators": [str(pk) for pk in dc.facilitators.values_list("pk", flat=True)],
    }
    form = bind(forms.CohortForm, request, provider_id=dc.lead_provider_id, creating=False, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_delivery_cohort(signed_in(request), dc, data["name"], data["partner"], data["facilitators"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Cohort of delivery saved")
            return redirect("delivery:cohort", dc.pk)
    return _cohort_form(request, dc, form)


@role_required(Role.LEAD_PROVIDER)
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    dc = _provider_cohort(request, pk)
    candidates = services.candidates_for(dc)
    form = bind(forms.ParticipantsForm, request, candidates=candidates)
    if form.is_bound and form.is_valid():
        try:
            added = services.add_participants(Actor.person(signed_in(request)), dc, form.cleaned_data["participants"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"{added} participant{'s' if added != 1 else ''} added")
            return redirect("delivery:cohort", dc.pk)
    context = {
        "title": f"Add participants to {dc.name}",
        "dc": dc,
        "candidates": candidates,
        "members": dc.memberships.count(),
        "past": dc.past_memberships.select_related("participant", "removed_by"),
        "errors": form.error_list(),
        "local": timezone.localtime,
    }
    return render(request, "delivery/participants.html", context, status=status_of(form))


@role_required(Role.LEAD_PROVIDER)
def remove_participant(request: HttpRequest, pk: int, participant_id: int) -> HttpResponse:
    dc = _provider_cohort(request, pk)
    membership = get_object_or_404(dc.memberships.select_related("participant"), participant_id=participant_id)
    person = membership.participant
    form = bind(forms.RemoveParticipantForm, request, initial={"participant": person.pk})
    if form.is_bound and form.is_valid():
        try:
            services.remove_participant(signed_in(request), dc, person, form.cleaned_data["reason"])
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"{person.full_name} has left {dc.name}. Their attendance so far is kept")
            return redirect("delivery:cohort", dc.pk)
    context = {
        "title": f"Remove {person.full_name} from {dc.name}",
        "dc": dc,
        "person": person,
        "form": form,
        "errors": form.error_list(),
    }
    return render(request, "delivery/remove_participant.html", context, status=status_of(form))
