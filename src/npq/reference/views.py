"""Reference data pages: courses and cohorts, providers and partners, schools, eligibility lists."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from npq.core.pagination import page_of
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.reference import search
from npq.reference.models import (
    Cohort,
    Course,
    DeliveryPartnership,
    EligibilityList,
    ImportRun,
    LeadProvider,
    Schedule,
)

STAFF = (Role.DFE_ADMIN, Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER, Role.ASSESSOR, Role.INSPECTOR)


@role_required(*STAFF)
def courses_and_cohorts(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "Courses, cohorts and schedules",
        "courses": Course.objects.all(),
        "cohorts": Cohort.objects.prefetch_related(
            Prefetch("schedules", queryset=Schedule.objects.prefetch_related("milestones").order_by("identifier"))
        ).order_by("-start_year", "-suffix"),
    }
    return render(request, "reference/courses.html", context)


@role_required(*STAFF)
def providers(request: HttpRequest) -> HttpResponse:
    queryset = LeadProvider.objects.prefetch_related(
        Prefetch(
            "partnerships",
            queryset=DeliveryPartnership.objects.select_related("delivery_partner", "cohort").order_by(
                "-cohort__start_year", "-cohort__suffix", "delivery_partner__name"
            ),
        ),
        "offerings__course",
        "offerings__cohort",
    )
    if getattr(request.user, "role", None) in ("lead_provider", "delivery_partner"):
        queryset = queryset.filter(pk=getattr(request.user, "lead_provider_id", 0) or 0)
    return render(
        request, "reference/providers.html", {"title": "Lead providers and delivery partners", "providers": queryset}
    )


@role_required()
def schools(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = page_of(search.schools(query), request.GET.get("page"), per_page=25) if query else None
    return render(request, "reference/schools.html", {"title": "Find a school", "q": query, "page": page})


@role_required(Role.DFE_ADMIN)
def imports(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "Imports and eligibility lists",
        "lists": EligibilityList.objects.order_by("kind", "-imported_at"),
        "runs": ImportRun.objects.all()[:50],
    }
    return render(request, "reference/imports.html", context)
