"""The Department's view across providers: latest judgements, next inspection due, open and
overdue improvement actions, and the quality indicators side by side."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from npq.core import clock
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.quality import indicators, rules
from npq.quality.models import ImprovementAction, Inspection
from npq.quality.services.inspections import current_grades
from npq.reference.models import LeadProvider


@role_required(Role.DFE_ADMIN)
def overview(request: HttpRequest) -> HttpResponse:
    now, today = clock.now(), clock.today()
    published = Inspection.objects.filter(stage=rules.Stage.PUBLISHED).order_by("lead_provider", "-published_at")
    latest: dict[int, Inspection] = {}
    for each in published:
        latest.setdefault(each.lead_provider_id, each)
    actions = {
        row["lead_provider"]: row
        for row in ImprovementAction.objects.filter(status=rules.ActionStatus.OPEN)
        .values("lead_provider")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    }
    rows = []
    # Active providers, and any other that has been inspected (its actions still count).
    for provider in (
        LeadProvider.objects.filter(Q(status="active") | Q(inspections__isnull=False)).distinct().order_by("name")
    ):
        found = latest.get(provider.pk)
        rows.append(
            {
                "provider": provider,
                "latest": found,
                "grades": current_grades(found) if found else {},
                "actions": actions.get(provider.pk, {"open": 0, "overdue": 0}),
                "checkpoints": indicators.checkpoints(provider.pk, now),
                "observations": indicators.observations(provider.pk, now),
            }
        )
    overdue = (
        ImprovementAction.objects.filter(status=rules.ActionStatus.OPEN, due_on__lt=today)
        .select_related("lead_provider", "owner")
        .order_by("due_on")
    )
    context = {"title": "Quality across providers", "rows": rows, "overdue": overdue, "today": today}
    return render(request, "quality/department.html", context)
