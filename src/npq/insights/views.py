"""Insight pages: the Department's national view, a provider's own, an inspector's (while inspecting),
every table as CSV, and the published statistics (public)."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from npq.core.audit import Actor
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.core.suppression import NOTE
from npq.insights import evidence, queries, rules, services, tables
from npq.insights.forms import ReleaseForm
from npq.insights.models import Release
from npq.insights.queries import Figures, Scope
from npq.insights.tables import Table
from npq.quality import access
from npq.reference.models import LeadProvider

SECTIONS = {"overview": "Progress and funnel", "breakdowns": "Breakdowns", "evidence": "Survey evidence"}
DEPARTMENT = (Role.DFE_ADMIN, Role.FINANCE_OFFICER, Role.FINANCE_APPROVER)


def section_tables(figs: Figures, section: str) -> list[Table]:
    if section == "overview":
        return [
            tables.progress_table(figs),
            tables.funnel_table(figs),
            tables.budget_table(figs),
            tables.breakdown(figs, "group", "Starts by course group", "Course group"),
        ]
    if section == "breakdowns":
        found = [
            tables.breakdown(figs, "course", "Starts by course", "Course"),
            tables.cohort_table(figs),
            tables.breakdown(figs, "partner", "Starts by delivery partner", "Delivery partner"),
            tables.breakdown(figs, "phase", "Starts by school phase", "School phase"),
            tables.breakdown(figs, "area", "Starts by local authority of the school", "Local authority"),
            tables.breakdown(figs, "funding", "Starts by funding", "Funding"),
        ]
        if figs.scope.national:
            found.insert(2, tables.breakdown(figs, "provider", "Starts by lead provider", "Lead provider"))
        return found
    if section == "evidence":
        found_or_none = [
            evidence.choices_table(figs, "barriers", "What school staff said made an NPQ hard to take", "Barrier"),
            evidence.choices_table(figs, "reasons", "Why school staff chose an NPQ", "Reason"),
            evidence.satisfaction_table(figs),
        ]
        return [t for t in found_or_none if t is not None]
    raise Http404("No such section")


def _page(request: HttpRequest, scope: Scope, section: str, audience: str) -> HttpResponse:
    figs = queries.figures(scope)
    shown = section_tables(figs, section)
    progress = figs.progress() if scope.national else None
    who = "National figures" if scope.national else scope.provider_name
    context = {
        "title": f"{SECTIONS[section]}: {who}",
        "who": who,
        "figs": figs,
        "section": section,
        "sections": SECTIONS,
        "audience": audience,
        "tables": shown,
        "progress": progress,
        "about": rules.about,
        "method": rules.METHOD,
        "note": NOTE,
        "started": figs.total("started"),
    }
    return render(request, "insights/page.html", context)


def _csv(figs: Figures, name: str, filename: str) -> HttpResponse:
    for section in SECTIONS:
        for table in section_tables(figs, section):
            if table.name == name:
                return csv_response([table.headers, *table.rows], f"{filename}-{name}")
    raise Http404("No such table")


def csv_response(rows: list[list[str]], name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerows(rows)
    return response


def _section(section: str | None) -> str:
    if section is None:
        return "overview"
    if section not in SECTIONS:
        raise Http404("No such section")
    return section


@role_required(*DEPARTMENT)
def national(request: HttpRequest, section: str | None = None) -> HttpResponse:
    return _page(request, Scope(), _section(section), "national")


@role_required(*DEPARTMENT)
def national_csv(request: HttpRequest, table: str) -> HttpResponse:
    return _csv(queries.figures(Scope()), table, "national")


def _own(request: HttpRequest) -> Scope:
    provider = getattr(request.user, "lead_provider", None)
    if provider is None:
        raise PermissionDenied("Your account is not linked to a lead provider")
    return queries.provider_scope(provider.pk, provider.name)


@role_required(Role.LEAD_PROVIDER, Role.QUALITY_LEAD)
def provider(request: HttpRequest, section: str | None = None) -> HttpResponse:
    return _page(request, _own(request), _section(section), "provider")


@role_required(Role.LEAD_PROVIDER, Role.QUALITY_LEAD)
def provider_csv(request: HttpRequest, table: str) -> HttpResponse:
    return _csv(queries.figures(_own(request)), table, "provider")


def _inspected(request: HttpRequest) -> Scope:
    """The inspected provider's figures, under the inspector's open grant (the read is logged for the provider)."""
    grant = access.current_grant(request, "Uptake and outcomes (insights)")
    found = LeadProvider.objects.get(pk=grant.lead_provider_id)
    return queries.provider_scope(found.pk, found.name)


@role_required(Role.INSPECTOR)
def inspected(request: HttpRequest, section: str | None = None) -> HttpResponse:
    return _page(request, _inspected(request), _section(section), "inspected")


@role_required(Role.INSPECTOR)
def inspected_csv(request: HttpRequest, table: str) -> HttpResponse:
    return _csv(queries.figures(_inspected(request)), table, "inspected")


def release_figures(figs: Figures) -> dict[str, object]:
    """What a release freezes: every national table (already suppressed) and the progress figures."""
    frozen = [t.as_json() for section in SECTIONS for t in section_tables(figs, section)]
    return {"tables": frozen, "headline": dict(_headline(figs))}


def _headline(figs: Figures) -> list[tuple[str, str]]:
    progress = figs.progress()
    rows = [(rules.Measure(m).value, f"{figs.total(m):,}") for m in ("registered", "accepted", "started", "completed")]
    if progress is not None:
        rows += [("target", f"{progress.target:,}"), ("more needed", f"{progress.remaining:,}")]
    return rows


@require_http_methods(["GET", "POST"])
@role_required(Role.DFE_ADMIN)
def releases(request: HttpRequest) -> HttpResponse:
    form = bind(ReleaseForm, request, initial={"method_notes": rules.METHOD})
    if request.method == "POST" and form.is_valid():
        figs = queries.figures(Scope())
        release = services.publish_release(
            Actor.person(request.user),
            str(getattr(request.user, "full_name", "")),
            form.cleaned_data["title"],
            form.cleaned_data["method_notes"],
            figs.as_of,
            release_figures(figs),
        )
        return redirect("insights:release", slug=release.slug)
    context = {
        "title": "Published statistics",
        "form": form,
        "errors": form.error_list(),
        "releases": queries.releases(),
        "targets": queries.target_history("npq"),
        "budgets": queries.budget_history("npq"),
    }
    return render(request, "insights/releases.html", context)


def _release(slug: str) -> Release:
    found = Release.objects.filter(slug=slug).first()
    if found is None:
        raise Http404("No release has this address")
    return found


@role_required(Role.DFE_ADMIN)
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    release = _release(slug)
    live = dict(_headline(queries.figures(Scope())))
    frozen: dict[str, str] = dict(release.figures.get("headline", {}))
    rows = [(name, frozen.get(name, ""), live.get(name, "")) for name in dict.fromkeys([*frozen, *live])]
    context = {"title": f"{release.title} compared with the live figures", "release": release, "rows": rows}
    return render(request, "insights/compare.html", context)


def statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/statistics.html", {"title": "NPQ statistics", "releases": queries.releases()})


def release(request: HttpRequest, slug: str) -> HttpResponse:
    found = _release(slug)
    return render(request, "insights/release.html", {"title": found.title, "release": found, "note": NOTE})


def release_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    found = _release(slug)
    for frozen in found.figures.get("tables", []):
        if frozen["name"] == table:
            return csv_response([frozen["headers"], *frozen["rows"]], f"{found.slug}-{table}")
    raise Http404("No such table in this release")
