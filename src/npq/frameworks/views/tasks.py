"""A lead provider's own assessment tasks, for qualifications whose framework version sets none:
the list, choosing a qualification, the design form, and the task with its criteria. Provider
users only ever reach their own provider's tasks."""

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from npq.core import clock
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.frameworks import forms, services, versions
from npq.frameworks.models import AssessmentTask, Qualification


def _own_tasks(request: HttpRequest) -> QuerySet[AssessmentTask]:
    return AssessmentTask.objects.filter(lead_provider=provider_of(request)).select_related(
        "framework", "qualification", "created_by"
    )


@role_required(Role.LEAD_PROVIDER)
def task_list(request: HttpRequest) -> HttpResponse:
    tasks = _own_tasks(request).annotate(n_criteria=Count("criteria")).order_by("-created_at", "-id")
    context = {"title": "Your assessment tasks", "tasks": tasks, "name_of": versions.name_of}
    return render(request, "frameworks/tasks.html", context)


@role_required(Role.LEAD_PROVIDER)
def task_choose(request: HttpRequest) -> HttpResponse:
    """Which qualification the new task is for (a link each, so the page works without JavaScript)."""
    context = {
        "title": "Which qualification is the task for?",
        "qualifications": versions.designable_qualifications(clock.today()),
        "name_of": versions.name_of,
    }
    return render(request, "frameworks/task_choose.html", context)


@role_required(Role.LEAD_PROVIDER)
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    designable = {q.pk: q for q in versions.designable_qualifications(clock.today())}
    qualification: Qualification | None = designable.get(pk)
    if qualification is None:
        return redirect("frameworks:task_choose")
    areas = versions.numbered_areas(qualification)
    form = bind(forms.TaskDesignForm, request, areas=areas)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.design_task(
                request.user, qualification, data["title"], data["aim"], data["word_limit"], data["criteria"]
            )
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            return redirect("frameworks:task_designed", task.pk)
    context = {
        "title": f"Design a {qualification.name} assessment task",
        "qualification": qualification,
        "version": versions.name_of(qualification.framework),
        "form": form,
        "errors": form.error_list(),
    }
    return render(request, "frameworks/task_new.html", context, status=400 if form.errors else 200)


def _task_page(request: HttpRequest, pk: int, designed: bool) -> HttpResponse:
    task = get_object_or_404(_own_tasks(request), pk=pk)
    numbers = {a.pk: n for n, a in versions.numbered_areas(task.qualification)}
    criteria = [(c, numbers.get(c.content_area_id)) for c in task.criteria.select_related("content_area")]
    context = {
        "title": "Task designed" if designed else task.title,
        "task": task,
        "version": versions.name_of(task.framework),
        "criteria": criteria,
        "designed": designed,
    }
    return render(request, "frameworks/task.html", context)


@role_required(Role.LEAD_PROVIDER)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, pk, designed=False)


@role_required(Role.LEAD_PROVIDER)
def task_designed(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation after designing a task: what was made and what comes next."""
    return _task_page(request, pk, designed=True)
