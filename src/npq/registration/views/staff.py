"""DfE pages: the funding review queue and funded-place caps (providers see their own counts)."""

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from npq.core import labels
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.pagination import page_of
from npq.core.permissions import provider_of, role_required
from npq.core.roles import Role
from npq.people.models import User
from npq.registration import rules, services
from npq.registration.forms import FundedPlaceCapForm, ReviewEntryForm
from npq.registration.models import Application, ReviewAttachment, ReviewEntry, ReviewStatus


@role_required(Role.DFE_ADMIN)
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ReviewStatus.NEEDS_REVIEW)
    if status not in ReviewStatus.values:
        status = ReviewStatus.NEEDS_REVIEW
    page = page_of(services.review_queue(status), request.GET.get("page"))
    tabs = [(s.value, labels.label("review_status", s.value)) for s in ReviewStatus]
    return render(
        request,
        "registration/review_queue.html",
        {
            "title": "Funding review queue",
            "page": page,
            "status": status,
            "tabs": tabs,
            "status_label": labels.label("review_status", status),
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
    form = bind(ReviewEntryForm, request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_review_entry(
                cast(User, request.user), app, data["kind"], data["text"], funded=form.funded_answer
            )
        except NPQError as error:
            form.add_service_error(error)
        else:
            sent = data["kind"] in ReviewEntry.SENT_TO_PERSON
            messages.success(request, "Saved and emailed to the person." if sent else "Internal note saved.")
            return redirect("registration:review", app.ecf_id)
    code = app.funding_eligibility_status_code
    errors = form.error_list()
    context = {
        "title": f"Review: {app.user.full_name}",
        "application": app,
        "errors": errors,
        "entries": app.review_entries.select_related("author").prefetch_related("attachments"),
        "form": form,
        "explanation": rules.EXPLANATIONS.get(rules.Code(code), "") if code in set(rules.Code) else "",
    }
    return render(request, "registration/review.html", context, status=400 if errors else 200)


@role_required(Role.DFE_ADMIN, Role.LEAD_PROVIDER)
def funded_places(request: HttpRequest) -> HttpResponse:
    is_admin = request.user.role == Role.DFE_ADMIN  # type: ignore[union-attr]
    provider = None if is_admin else provider_of(request)
    if request.method == "POST" and not is_admin:
        raise Http404("Only the Department sets caps")
    form = bind(FundedPlaceCapForm, request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_funded_place_cap(
                request.user,  # type: ignore[arg-type]
                data["lead_provider"],
                data["course"],
                data["cohort"],
                data["places"],
            )
        except NPQError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Funded-place cap saved.")
            return redirect("registration:funded_places")
    errors = form.error_list()
    context = {
        "title": "Funded places",
        "is_admin": is_admin,
        "errors": errors,
        "form": form,
        "counts": services.funded_place_counts(lead_provider=provider),
    }
    return render(request, "registration/funded_places.html", context, status=400 if errors else 200)


@role_required(Role.DFE_ADMIN)
def review_file(request: HttpRequest, ecf_id: Any, file_id: int) -> HttpResponse:
    """A file the person sent with a reply, for the Department's reviewers only."""
    attachment = ReviewAttachment.objects.filter(pk=file_id, entry__application__ecf_id=ecf_id).first()
    if attachment is None:
        raise Http404("No such file")
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.file_name.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
