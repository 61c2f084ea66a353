"""The provider's quality pages: facilitators, observations and coverage, templates, the
self-evaluation, inspections (with what inspectors read) and improvement actions. A provider's
staff see only their own provider's records; a facilitator sees only their own observations."""

from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from npq.core import clock
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.delivery.models import Session
from npq.people.models import User
from npq.quality import access, forms, indicators, observation_forms, rules
from npq.quality.models import Facilitator, ImprovementAction, Observation, ObservationTemplate, Read, SelfEvaluation
from npq.quality.services import improvement
from npq.quality.services import observations as services

STAFF = (Role.QUALITY_LEAD, Role.LEAD_PROVIDER)


def _provider(request: HttpRequest) -> int:
    return int(getattr(request.user, "lead_provider_id", 0) or 0)


@role_required(*STAFF)
def overview(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    facilitators = (
        Facilitator.objects.filter(lead_provider=provider)
        .select_related("person", "delivery_partner")
        .annotate(observed=Count("observations"))
    )
    led = dict(
        Session.objects.filter(
            delivery_cohort__lead_provider=provider, facilitator__isnull=False, starts_at__lte=clock.now()
        )
        .values_list("facilitator")
        .annotate(n=Count("id"))
    )
    today = clock.today()
    actions = ImprovementAction.objects.filter(lead_provider=provider).select_related("owner", "inspection")
    context = {
        "title": "Quality and inspection",
        "facilitators": [(f, led.get(f.person_id, 0)) for f in facilitators],
        "quality": indicators.observations(provider, clock.now()),
        "names": {f.pk: f.person.full_name for f in facilitators},
        "templates": ObservationTemplate.objects.filter(lead_provider=provider),
        "observations": Observation.objects.filter(lead_provider=provider).select_related("facilitator__person")[:20],
        "self_evaluation": SelfEvaluation.objects.filter(lead_provider=provider).first(),
        "inspections": access.visible_inspections(request.user),
        "reads": Read.objects.filter(grant__lead_provider=provider).select_related("grant__inspector")[:100],
        "actions": [(a, rules.is_overdue(rules.ActionStatus(a.status), a.due_on, today)) for a in actions],
    }
    return render(request, "quality/provider.html", context)


def _candidates(provider: int) -> Any:
    """People listed as facilitators on the provider's cohorts or sessions, not yet approved."""
    approved = Facilitator.objects.filter(lead_provider=provider).values("person")
    listed = Q(facilitated_cohorts__lead_provider=provider) | Q(
        pk__in=Session.objects.filter(delivery_cohort__lead_provider=provider).values("facilitator")
    )
    return User.objects.filter(listed).exclude(pk__in=approved).distinct().order_by("full_name")


@role_required(*STAFF)
def approve(request: HttpRequest) -> HttpResponse:
    form = bind(observation_forms.FacilitatorForm, request, people=_candidates(_provider(request)))
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.approve_facilitator(request.user, person, person.delivery_partner, form.cleaned_data["trained_on"])
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect("quality:provider")
    return render(
        request, "quality/approve.html", {"title": "Approve a facilitator", "form": form, "errors": form.error_list()}
    )


@role_required(*STAFF)
def new_template(request: HttpRequest) -> HttpResponse:
    form = bind(forms.TemplateForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_template(request.user, form.cleaned_data["name"], form.cleaned_data["criteria"].splitlines())
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect("quality:provider")
    return render(
        request, "quality/template.html", {"title": "Observation template", "form": form, "errors": form.error_list()}
    )


@role_required(*STAFF)
def observe(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    template = ObservationTemplate.objects.filter(lead_provider=provider).order_by("-created_at", "-id").first()
    if template is None:
        return redirect("quality:new_template")
    form = bind(
        observation_forms.ObservationForm,
        request,
        template=template,
        facilitators=Facilitator.objects.filter(lead_provider=provider).select_related("person"),
        sessions=Session.objects.filter(delivery_cohort__lead_provider=provider, starts_at__lte=clock.now()).order_by(
            "-starts_at"
        ),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_observation(
                request.user,
                template,
                d["facilitator"],
                d["observed_on"],
                form.ratings(),
                {k: d[k] for k in ("strengths", "areas_to_develop", "agreed_actions")},
                session=d["session"],
                recording_url=d["recording_url"],
                follow_up_on=d["follow_up_on"],
            )
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect("quality:provider")
    context = {"title": "Record an observation", "form": form, "template": template, "errors": form.error_list()}
    return render(request, "quality/observe.html", context)


@role_required(*STAFF, Role.DELIVERY_PARTNER)
def observation(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mine = (
        Q(facilitator__person=user.pk) if user.role == Role.DELIVERY_PARTNER else Q(lead_provider=user.lead_provider_id)
    )
    found = Observation.objects.filter(mine, pk=pk).select_related("facilitator__person", "template", "session").first()
    if found is None:
        raise Http404("No observation of yours has this number")
    ratings = [(c, found.ratings.get(str(i), "")) for i, c in enumerate(found.template.criteria)]
    return render(request, "quality/observation.html", {"title": "Observation", "obs": found, "ratings": ratings})


@role_required(Role.DELIVERY_PARTNER)
def mine(request: HttpRequest) -> HttpResponse:
    found = Observation.objects.filter(facilitator__person=request.user.pk).select_related("facilitator__lead_provider")
    return render(request, "quality/mine.html", {"title": "Observations of your sessions", "observations": found})


@role_required(*STAFF)
def self_evaluation(request: HttpRequest) -> HttpResponse:
    form = bind(observation_forms.SelfEvaluationForm, request)
    if request.method == "POST" and form.is_valid():
        services.write_self_evaluation(
            request.user, rules.Programme(form.cleaned_data["programme"]), form.grades(), form.narrative()
        )
        return redirect("quality:provider")
    versions = SelfEvaluation.objects.filter(lead_provider=_provider(request))
    context = {
        "title": "Self-evaluation",
        "form": form,
        "errors": form.error_list(),
        "versions": versions,
        "areas": list(rules.Area),
    }
    return render(request, "quality/self_evaluation.html", context)


@role_required(*STAFF)
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.inspection_for(request, pk, "Improvement actions")
    owners = User.objects.filter(lead_provider=found.lead_provider_id, role__in=STAFF).order_by("full_name")
    form = bind(forms.ActionForm, request, areas=list(found.areas_for_improvement), owners=owners)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            improvement.add_action(request.user, found, d["area"], d["action"], d["owner"], d["due_on"])
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect("quality:provider")
    context = {"title": "Add an improvement action", "form": form, "inspection": found, "errors": form.error_list()}
    return render(request, "quality/action.html", context)


@role_required(*STAFF)
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    found = ImprovementAction.objects.filter(pk=pk, lead_provider=_provider(request)).first()
    if found is None:
        raise Http404("No action of yours has this number")
    form = bind(forms.CompleteForm, request)
    if form.is_valid():
        try:
            improvement.complete_action(request.user, found, form.cleaned_data["evidence"])
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect("quality:provider")
    context = {"title": "Mark an action done", "form": form, "action": found, "errors": form.error_list()}
    return render(request, "quality/complete.html", context, status=400)
