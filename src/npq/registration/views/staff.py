"""DfE pages: the funding review queue and funded-place caps (providers see their own counts)."""

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from npq.core.errors import NPQError
from npq.core.pagination import page_of
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.people.models import User
from npq.reference.models import Cohort, Course, LeadProvider
from npq.registration import rules, services
from npq.registration.models import Application, ReviewStatus


@role_required(Role.DFE_ADMIN)
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ReviewStatus.NEEDS_REVIEW)
    if status not in ReviewStatus.values:
        status = ReviewStatus.NEEDS_REVIEW
    page = page_of(services.review_queue(status), request.GET.get("page"))
    tabs = [(s.value, s.label) for s in ReviewStatus]
    return render(
        request,
        "registration/review_queue.html",
        {
            "title": "Funding review queue",
            "page": page,
            "status": status,
            "tabs": tabs,
            "status_label": ReviewStatus(status).label,
        },
    )


@role_required(Role.DFE_ADMIN)
def review(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    app = (
        Application.objects.select_related("user", "course", "cohort", "lead_provider", "school")
        .filter(ecf_id=ecf_id)
        .exclude(review_status="")
        .first()
    )
    if app is None:
        raise Http404("Not in the review queue")
    context: dict[str, Any] = {
        "title": f"Review: {app.user.full_name}",
        "application": app,
        "errors": [],
        "field_errors": {},
        "entries": app.review_entries.select_related("author"),
        "form": {},
    }
    code = app.funding_eligibility_status_code
    context["explanation"] = rules.EXPLANATIONS.get(rules.Code(code), "") if code in set(rules.Code) else ""
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        funded_raw = request.POST.get("funded", "")
        context["form"] = {"kind": kind, "text": request.POST.get("text", ""), "funded": funded_raw}
        try:
            services.add_review_entry(
                cast(User, request.user),
                app,
                kind,
                request.POST.get("text", ""),
                funded={"yes": True, "no": False}.get(funded_raw),
            )
        except NPQError as error:
            field = error.field or "kind"
            context["field_errors"][field] = error.message
            context["errors"] = [{"text": error.message, "href": f"#{field}"}]
        else:
            messages.success(request, "Saved and emailed to the person.")
            return redirect("registration:review", app.ecf_id)
    return render(request, "registration/review.html", context, status=400 if context["errors"] else 200)


@role_required(Role.DFE_ADMIN, Role.LEAD_PROVIDER)
def funded_places(request: HttpRequest) -> HttpResponse:
    is_admin = request.user.role == Role.DFE_ADMIN  # type: ignore[union-attr]
    provider = None if is_admin else provider_of(request)
    context: dict[str, Any] = {
        "title": "Funded places",
        "is_admin": is_admin,
        "errors": [],
        "field_errors": {},
        "form": {},
    }
    if request.method == "POST":
        if not is_admin:
            raise Http404("Only the Department sets caps")
        form = {k: request.POST.get(k, "") for k in ("lead_provider", "course", "cohort", "places")}
        context["form"] = form
        try:
            places = int(form["places"])
        except ValueError:
            context["field_errors"]["places"] = "Enter the number of funded places as a whole number, like 120"
        else:
            try:
                services.set_funded_place_cap(
                    request.user,  # type: ignore[arg-type]
                    LeadProvider.objects.get(pk=form["lead_provider"]),
                    Course.objects.get(pk=form["course"]),
                    Cohort.objects.get(pk=form["cohort"]),
                    places,
                )
            except (LeadProvider.DoesNotExist, Course.DoesNotExist, Cohort.DoesNotExist, ValueError):
                context["field_errors"]["lead_provider"] = "Select a provider, course and cohort"
            except NPQError as error:
                context["field_errors"][error.field or "places"] = error.message
            else:
                messages.success(request, "Funded-place cap saved.")
                return redirect("registration:funded_places")
        context["errors"] = [{"text": t, "href": f"#{f}"} for f, t in context["field_errors"].items()]
    context["counts"] = services.funded_place_counts(lead_provider=provider)
    if is_admin:
        context["providers"] = LeadProvider.objects.order_by("name")
        context["courses"] = Course.objects.order_by("position")
        context["cohorts"] = Cohort.objects.filter(funding=Cohort.Funding.CAPPED).order_by("-start_year", "-suffix")
    return render(request, "registration/funded_places.html", context, status=400 if context["errors"] else 200)
