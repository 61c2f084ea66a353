"""Curriculum pages: a provider's own curricula, upload, coverage report and CSV; read-only for
DfE admins and inspectors. Provider users only ever reach their own provider's rows."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.pagination import page_of
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.frameworks import queries, rules, services
from npq.frameworks.models import Curriculum
from npq.frameworks.views.common import problem_errors, read_upload

VIEWERS = (Role.LEAD_PROVIDER, Role.DFE_ADMIN, Role.INSPECTOR)


def visible_curricula(request: HttpRequest) -> QuerySet[Curriculum]:
    queryset = Curriculum.objects.select_related("lead_provider", "framework", "qualification", "uploaded_by")
    if request.user.role == "lead_provider":  # type: ignore[union-attr]
        return queryset.filter(lead_provider=provider_of(request))
    return queryset


@role_required(*VIEWERS)
def curriculum_list(request: HttpRequest) -> HttpResponse:
    queryset = visible_curricula(request).order_by(
        "lead_provider__name", "framework__key", "-framework__version", "qualification__position", "-revision"
    )
    page = page_of(queryset, request.GET.get("page"))
    context = {
        "title": "Curricula and coverage",
        "page": page,
        # A fixed number of queries for the whole page; None where the mapping cannot be checked.
        "coverage": {
            pk: report if isinstance(report, rules.Coverage) else None
            for pk, report in queries.coverages_of(page.items).items()
        },
        "can_upload": request.user.role == "lead_provider",  # type: ignore[union-attr]
        "reviews": queries.reviews_for(page.items),
    }
    return render(request, "frameworks/curricula.html", context)


@role_required(Role.LEAD_PROVIDER)
def curriculum_upload(request: HttpRequest) -> HttpResponse:
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        text, name, errors = read_upload(request.FILES.get("file"))
        if not errors:
            try:
                cur = services.upload_curriculum(
                    provider_of(request), text, name, Actor.person(request.user), user=request.user, via="page"
                )
            except services.FileRejected as exc:
                errors = problem_errors(exc.problems)
            except NPQError as exc:
                errors = [{"text": exc.message, "href": "#file"}]
            else:
                messages.success(request, f"Uploaded {cur.name}, revision {cur.revision}")
                return redirect("frameworks:curriculum", cur.pk)
    context = {"title": "Upload a curriculum", "errors": errors}
    return render(request, "frameworks/upload.html", context, status=400 if errors else 200)


@role_required(*VIEWERS)
def curriculum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cur = get_object_or_404(visible_curricula(request), pk=pk)
    try:
        report: rules.Coverage | None = queries.coverage_of(cur)
        problem = ""
    except rules.ForeignStatement as exc:
        report, problem = None, str(exc)
    per_qualification = queries.numbers_per_qualification(cur.framework)
    context = {
        "title": f"Coverage: {cur.name}",
        "cur": cur,
        "report": report,
        "numbers": rules.display_numbers([a.number for a in report.areas] if report else [], per_qualification),
        "review": queries.reviews_for([cur]).get(cur.pk),
        "problem": problem,
        "modules": cur.modules.prefetch_related("sessions__teaches", "sessions__assesses"),
    }
    return render(request, "frameworks/coverage.html", context)


@role_required(*VIEWERS)
def curriculum_csv(request: HttpRequest, pk: int) -> HttpResponse:
    cur = get_object_or_404(visible_curricula(request), pk=pk)
    body = queries.coverage_csv(cur, queries.coverage_of(cur))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"coverage-{cur.lead_provider.name}-{cur.qualification.code}-r{cur.revision}".lower().replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
