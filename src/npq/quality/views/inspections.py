"""The inspector's pages. Everything about a provider is read through ``access.granted`` (an open
grant, the read logged); the list shows only the inspector's own inspections."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from npq.core import clock
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.identifiers import parse_id
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.quality import access, evidence, forms, pack_tables, rules
from npq.quality.models import ImprovementAction, Inspection
from npq.quality.services import inspections as services
from npq.quality.services import reports

READERS = (Role.INSPECTOR, Role.DFE_ADMIN, Role.LEAD_PROVIDER, Role.QUALITY_LEAD)


@role_required(Role.INSPECTOR, Role.DFE_ADMIN)
def inspection_list(request: HttpRequest) -> HttpResponse:
    rows = list(access.visible_inspections(request.user))
    open_ids = set(access.active_grants(request.user).values_list("inspection", flat=True))
    return render(request, "quality/inspections.html", {"title": "Inspections", "rows": rows, "open_ids": open_ids})


@role_required(Role.INSPECTOR)
def new_inspection(request: HttpRequest) -> HttpResponse:
    form = bind(forms.InspectionForm, request)
    follows = _follows(request)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = services.create_inspection(
                request.user,
                d["lead_provider"],
                rules.Kind(d["kind"]),
                clock.now(),
                d["starts_on"],
                d["ends_on"],
                programme=rules.Programme(d["programme"]),
                follows=follows,
            )
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect("quality:inspection", made.pk)
    context = {
        "title": "Notify a lead provider of an inspection",
        "form": form,
        "errors": form.error_list(),
        "follows": follows,
    }
    return render(request, "quality/new_inspection.html", context)


def _follows(request: HttpRequest) -> Inspection | None:
    """A re-visit starts from an earlier, published inspection (whose report is public)."""
    found = parse_id(request.GET.get("follows", ""))
    if found is None:
        return None
    return Inspection.objects.filter(pk=found, stage=rules.Stage.PUBLISHED).select_related("lead_provider").first()


@role_required(*READERS)
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.inspection_for(request, pk, "Inspection overview")
    earlier = (
        ImprovementAction.objects.filter(inspection=found.follows_id).select_related("owner")
        if found.follows_id
        else []
    )
    context = {
        "title": str(found),
        "inspection": found,
        "is_inspector": request.user.role == Role.INSPECTOR,  # type: ignore[union-attr]
        "grades": services.current_grades(found),
        "notes": found.notes.select_related("author"),
        "meetings": found.meetings.all(),
        "sample": found.samples.prefetch_related("items").first(),
        "reads": [r for g in found.grants.select_related("inspector") for r in g.reads.all()[:50]],
        "earlier_actions": earlier,
        "today": clock.today(),
    }
    return render(request, "quality/inspection.html", context)


@role_required(Role.INSPECTOR, Role.LEAD_PROVIDER, Role.QUALITY_LEAD)
def pack(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.inspection_for(request, pk, "Evidence pack")
    counted = evidence.stored(found) or services.count_evidence(request.user, found)
    built = evidence.from_stored(found, counted)
    context = {
        "title": f"Evidence pack: {found.lead_provider.name}",
        "inspection": found,
        "as_of": built.as_of,
        "sent": pack_tables.sent_on_notification(built),
        "quality": pack_tables.quality(built),
        "sef": pack_tables.self_evaluation(built),
    }
    return render(request, "quality/pack.html", context)


def _post(
    request: HttpRequest,
    pk: int,
    what: str,
    form_class: type[Any],
    act: Any,
    template: str,
    then: str = "quality:inspection",
) -> HttpResponse:
    """An inspector's form on one inspection under an open grant: act, then back to the inspection."""
    found, _ = access.granted(request, pk, what)
    form = bind(form_class, request)
    if request.method == "POST" and form.is_valid():
        try:
            act(found, form.cleaned_data)
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect(then, found.pk)
    context = {"title": what, "inspection": found, "form": form, "errors": form.error_list()}
    return render(request, template, context, status=400 if form.is_bound else 200)


@role_required(Role.INSPECTOR)
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "Draw a sample",
        forms.SampleForm,
        lambda i, d: services.draw_sample(request.user, i, d["per_stratum"], d["seed"]),
        "quality/sample.html",
    )


@role_required(Role.INSPECTOR)
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    def act(i: Inspection, d: dict[str, Any]) -> None:
        at = dt.datetime.combine(d["day"], d["time"], tzinfo=clock.now().tzinfo)
        services.schedule_meeting(request.user, i, rules.Source(d["with_whom"]), at, d["where"])

    return _post(request, pk, "Schedule a meeting", forms.MeetingForm, act, "quality/meeting.html")


@role_required(Role.INSPECTOR)
def note(request: HttpRequest, pk: int) -> HttpResponse:
    def act(i: Inspection, d: dict[str, Any]) -> None:
        services.log_evidence(
            request.user, i, rules.Area(d["area"]), rules.Source(d["source"]), d["text"], d["client_key"]
        )

    return _post(request, pk, "Log evidence", forms.EvidenceForm, act, "quality/note.html")


@role_required(Role.INSPECTOR)
def grade(request: HttpRequest, pk: int) -> HttpResponse:
    def act(i: Inspection, d: dict[str, Any]) -> None:
        services.draft_grade(request.user, i, rules.Area(d["area"]), rules.Grade(d["grade"]))

    return _post(request, pk, "Draft a grade", forms.GradeForm, act, "quality/grade.html")


@role_required(Role.INSPECTOR)
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    def act(i: Inspection, d: dict[str, Any]) -> None:
        action = rules.Action(d["action"]) if d["action"] else None
        reports.draft_report(request.user, i, d["report"], d["areas"].splitlines(), action)

    return _post(request, pk, "Draft the report", forms.ReportForm, act, "quality/draft.html")


@role_required(Role.INSPECTOR)
@require_POST
def recount(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "Count the evidence again",
        forms.ConfirmForm,
        lambda i, d: services.recount_evidence(request.user, i),
        "quality/confirm.html",
        then="quality:pack",
    )


@role_required(Role.INSPECTOR)
@require_POST
def check(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "Check the report",
        forms.ConfirmForm,
        lambda i, d: reports.check_report(request.user, i),
        "quality/confirm.html",
    )


@role_required(Role.INSPECTOR)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "Publish the report",
        forms.ConfirmForm,
        lambda i, d: reports.publish_report(request.user, i),
        "quality/confirm.html",
        then="quality:report",
    )
