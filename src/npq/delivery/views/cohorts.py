"""Cohorts of delivery: the list, one cohort, creating and changing one, adding participants."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
    qs = queries.cohorts_for(signed_in(request)).order_by("lead_provider__name", "name")
    return render(
        request, "delivery/list.html", {"title": "Cohorts of delivery", "page": page_of(qs, request.GET.get("page"))}
    )


@role_required(*VIEWERS)
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dc = cohort_for(request, pk)
    now = clock.now()
    runner = services.can_run(signed_in(request), dc)
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
        "sessions": dc.sessions.select_related("module", "facilitator"),
        "checkpoints": dc.checkpoints.all(),
        "signed_up": set(signed_in(request).session_sign_ups.values_list("session_id", flat=True)),
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
        "errors": form.error_list(),
    }
    return render(request, "delivery/participants.html", context, status=status_of(form))
