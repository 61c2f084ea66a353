"""Framework pages: list and load (DfE admins), browse, publish, diff and review impact."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.identifiers import parse_id
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.frameworks import queries, rules, services, versions
from npq.frameworks.forms import PublishForm
from npq.frameworks.models import (
    ContentArea,
    Criterion,
    Framework,
    FrameworkStatus,
    Qualification,
    Statement,
)
from npq.frameworks.views.common import READERS, problem_errors, read_upload


@role_required(*READERS)
def framework_list(request: HttpRequest) -> HttpResponse:
    return _list(request, [])


def _list(request: HttpRequest, errors: list[dict[str, str]], status: int = 200) -> HttpResponse:
    frameworks = Framework.objects.annotate(n_statements=Count("statements", distinct=True)).order_by("key", "-version")
    context = {"title": "Frameworks", "frameworks": frameworks, "errors": errors}
    return render(request, "frameworks/list.html", context, status=status)


@role_required(Role.DFE_ADMIN)
def framework_load(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("frameworks:list")
    text, name, errors = read_upload(request.FILES.get("file"))
    if errors:
        return _list(request, errors, status=400)
    try:
        fw = services.load_framework(text, name, Actor.person(request.user))
    except services.FileRejected as exc:
        return _list(request, problem_errors(exc.problems), status=400)
    except NPQError as exc:
        return _list(request, [{"text": exc.message, "href": "#file"}], status=400)
    messages.success(request, f"Loaded {fw.key} version {fw.version} as {fw.get_status_display().lower()}")
    return redirect("frameworks:detail", fw.pk)


@role_required(*READERS)
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fw = get_object_or_404(Framework, pk=pk)
    quals = list(Qualification.objects.filter(framework=fw))
    chosen = next((q for q in quals if q.code == request.GET.get("qualification")), None)
    statements = Statement.objects.order_by("position")
    # Official tasks for everyone; a provider's own tasks only to that provider's staff.
    provider_id = request.user.lead_provider_id if request.user.role == "lead_provider" else None  # type: ignore[union-attr]
    visible = versions.visible_tasks(provider_id)
    criteria = Criterion.objects.filter(task__in=visible).select_related("task__lead_provider").order_by("position")
    if chosen:
        statements = statements.filter(qualifications=chosen)
        criteria = criteria.filter(qualification=chosen)
    areas = ContentArea.objects.filter(framework=fw).prefetch_related(
        "qualifications", Prefetch("statements", queryset=statements), Prefetch("criteria", queryset=criteria)
    )
    if chosen:
        areas = areas.filter(qualifications=chosen)
    tasks = visible.filter(framework=fw).select_related("qualification", "lead_provider")
    if chosen:
        tasks = tasks.filter(qualification=chosen)
    per_qualification = queries.numbers_per_qualification(fw)
    shown_areas = list(areas)
    counts = Statement.objects.filter(framework=fw).aggregate(
        total=Count("id"), official=Count("id", filter=Q(official=True))
    )
    context = {
        # Numbered as the framework numbers them: per course where each course has its own areas.
        "numbers": rules.display_numbers([a.number for a in shown_areas], per_qualification)
        if chosen or not per_qualification
        else {},
        "placeholders": rules.statements_are_placeholders(counts["total"], counts["official"]),
        "title": f"{fw.name}, version {fw.version}",
        "fw": fw,
        "qualifications": quals,
        "quals_items": [{"value": "", "text": "All qualifications"}]
        + [{"value": q.code, "text": f"{q.code}: {q.name}", "selected": q == chosen} for q in quals],
        "chosen": chosen,
        "areas": shown_areas,
        "behaviours": fw.behaviours.all(),
        "tasks": tasks,
        "previous": queries.previous_version(fw),
    }
    return render(request, "frameworks/detail.html", context)


@role_required(Role.DFE_ADMIN)
def framework_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Says what publishing does (this version fixed, the published one retired), then publishes once confirmed."""
    fw = get_object_or_404(Framework, pk=pk)
    form = bind(PublishForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_framework(fw.pk, Actor.person(request.user))
        except NPQError as exc:
            form.add_error("confirm", exc.message)
        else:
            messages.success(request, f"Published {fw.key} version {fw.version}")
            return redirect("frameworks:detail", fw.pk)
    current = (
        Framework.objects.filter(key=fw.key, status=FrameworkStatus.PUBLISHED).exclude(pk=fw.pk).order_by("-version")
    ).first()
    context = {
        "title": f"Publish {fw.name}, version {fw.version}",
        "fw": fw,
        "current": current,
        "form": form,
        "errors": form.error_list(),
    }
    return render(request, "frameworks/publish.html", context, status=400 if form.errors else 200)


@role_required(*READERS)
def framework_diff(request: HttpRequest, pk: int) -> HttpResponse:
    new = get_object_or_404(Framework, pk=pk)
    against = parse_id(request.GET.get("against"))
    old = (
        Framework.objects.filter(pk=against, key=new.key).first()
        if against is not None
        else queries.previous_version(new)
    )
    if old is None:
        raise Http404("No earlier version to compare with")
    versions = Framework.objects.filter(key=new.key).exclude(pk=new.pk)
    result = queries.diff_of(old, new)
    counts = {
        what: {kind.value: result.count(what, kind) for kind in rules.ChangeKind} for what in ("statements", "criteria")
    }
    context = {
        "title": f"Changes from version {old.version} to version {new.version}",
        "old": old,
        "new": new,
        "versions": versions,
        "diff": result,
        "counts": counts,
    }
    return render(request, "frameworks/diff.html", context)


@role_required(Role.DFE_ADMIN, Role.INSPECTOR)
def framework_impact(request: HttpRequest, pk: int) -> HttpResponse:
    fw = get_object_or_404(Framework, pk=pk)
    context = {"title": f"Review impact of {fw.name}, version {fw.version}", "fw": fw, "rows": queries.impact_of(fw)}
    return render(request, "frameworks/impact.html", context)
