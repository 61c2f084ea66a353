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
from npq.insights import queries, rules, services, snapshots
from npq.insights.forms import ReleaseForm
from npq.insights.models import Release
from npq.insights.queries import Scope
from npq.quality import access
from npq.reference.models import LeadProvider

DEPARTMENT = (Role.DFE_ADMIN, Role.FINANCE_OFFICER, Role.FINANCE_APPROVER)
SECTIONS = snapshots.SECTIONS


def _page(request: HttpRequest, scope: Scope, section: str, audience: str) -> HttpResponse:
    """A section as drawn at the last refresh: the page reads its snapshot and draws nothing."""
    page = snapshots.read(scope, section)
    who = "National figures" if scope.national else scope.provider_name
    context = {
        "title": f"{SECTIONS[section]}: {who}",
        "who": who,
        "state": page.state,
        "section": section,
        "sections": SECTIONS,
        "audience": audience,
        "tables": page.tables,
        "progress": page.progress,
        "about": rules.about,
        "method": rules.METHOD,
        "note": NOTE,
        "started": page.started,
    }
    return render(request, "insights/page.html", context)


def _csv(scope: Scope, name: str, filename: str) -> HttpResponse:
    rows = snapshots.csv_rows(scope, name)
    if rows is None:
        raise Http404("No such table")
    return csv_response(rows, f"{filename}-{name}")


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
    return _csv(Scope(), table, "national")


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
    return _csv(_own(request), table, "provider")


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
    return _csv(_inspected(request), table, "inspected")


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
            snapshots.release_figures(figs),
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
    live = dict(snapshots.headline(queries.figures(Scope(), ("all", "month"))))
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
