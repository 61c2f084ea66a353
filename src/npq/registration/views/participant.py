"""A participant's registrations: confirmation, status, changes, and the date-of-birth check."""

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.people.models import User
from npq.reference.models import Course, LeadProvider
from npq.registration import rules, services
from npq.registration.forms import DATE_PARTS, ChangeForm, DateOfBirthForm, ReplyForm, WithdrawForm
from npq.registration.models import Application, ApprovalStatus, ReviewStatus
from npq.registration.status import stages_for, status_label
from npq.registration.views import workplaces
from npq.registration.views.gate import DOB_SESSION_KEY, participant_required

MAX_WORKPLACE_RESULTS = 20


def _own(request: HttpRequest, ecf_id: Any) -> Application:
    application = (
        Application.objects.select_related("course", "cohort", "lead_provider", "school", "replaced_by")
        .filter(user_id=cast(int, request.user.pk), ecf_id=ecf_id)
        .first()
    )
    if application is None:
        raise Http404("No such registration")
    return application


@participant_required
def submitted(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    application = _own(request, ecf_id)
    return render(
        request, "registration/submitted.html", {"title": "Registration complete", "application": application}
    )


@participant_required
def applications(request: HttpRequest) -> HttpResponse:
    rows = Application.objects.filter(user_id=cast(int, request.user.pk)).select_related(
        "course", "cohort", "lead_provider", "replaced_by"
    )
    return render(
        request,
        "registration/applications.html",
        {"title": "Your NPQ registrations", "applications": rows.order_by("-created_at"), "status_of": status_label},
    )


def _changeable(app: Application) -> bool:
    return app.lead_provider_approval_status == ApprovalStatus.PENDING and not app.withdrawn_at


@participant_required
def application(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    app = _own(request, ecf_id)
    context = {
        "title": f"{app.course.name} with {app.lead_provider.name}",
        "application": app,
        "stages": stages_for(app),
        "status": status_label(app),
        "entries": services.entries_for_person(app),
        "awaiting_reply": app.review_status == ReviewStatus.AWAITING_INFORMATION,
        "changeable": _changeable(app),
    }
    return render(request, "registration/application.html", context)


@participant_required
def reply(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    """Answer the Department's request for more information, with text and files."""
    app = _own(request, ecf_id)
    if app.review_status != ReviewStatus.AWAITING_INFORMATION:
        messages.warning(request, "The Department is not waiting for information on this registration.")
        return redirect("registration:application", app.ecf_id)
    form = bind(ReplyForm, request)
    if form.is_valid():
        uploads = [services.UploadedFile(name, content) for name, content in form.uploads()]
        try:
            services.reply_to_review(cast(User, request.user), app, form.cleaned_data["text"], uploads)
        except NPQError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Your reply has been sent to the Department.")
            return redirect("registration:application", app.ecf_id)
    errors = form.error_list()
    context = {
        "title": "Reply to the Department",
        "application": app,
        "requests": [e for e in services.entries_for_person(app) if e.kind == "information_requested"],
        "form": form,
        "errors": errors,
        "max_files": services.review.MAX_REPLY_FILES,
    }
    return render(request, "registration/reply.html", context, status=400 if errors else 200)


@participant_required
def withdraw(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    """Withdraw a registration the provider has not decided on yet."""
    app = _own(request, ecf_id)
    if not _changeable(app):
        messages.warning(request, "This registration can no longer be withdrawn: the provider has decided on it.")
        return redirect("registration:application", app.ecf_id)
    form = bind(WithdrawForm, request)
    if form.is_valid():
        try:
            services.withdraw_registration(cast(User, request.user), app)
        except NPQError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "You have withdrawn your registration.")
            return redirect("registration:application", app.ecf_id)
    errors = form.error_list()
    context = {"title": "Withdraw your registration", "application": app, "form": form, "errors": errors}
    return render(request, "registration/withdraw.html", context, status=400 if errors else 200)


CHANGES = {
    "lead_provider": "Which lead provider do you want to train with?",
    "course": "Which NPQ do you want to do?",
    "school_urn": "What is the name of your new workplace?",
}


@participant_required
def change(request: HttpRequest, ecf_id: Any, what: str) -> HttpResponse:
    app = _own(request, ecf_id)
    if what not in CHANGES:
        raise Http404("Nothing to change")
    if app.lead_provider_approval_status != ApprovalStatus.PENDING or app.withdrawn_at:
        messages.warning(request, "This registration can no longer be changed: the provider has decided on it.")
        return redirect("registration:application", app.ecf_id)
    options: list[tuple[str, str]] = []
    if what == "lead_provider":
        providers = LeadProvider.objects.filter(offerings__course=app.course, offerings__cohort=app.cohort).distinct()
        options = [(str(p.pk), p.name) for p in providers.order_by("name")]
        current = str(app.lead_provider_id)
    elif what == "course":
        courses = Course.objects.filter(
            display=True, offerings__lead_provider=app.lead_provider, offerings__cohort=app.cohort
        )
        options = [(c.identifier, c.name) for c in courses.distinct().order_by("position")]
        current = app.course.identifier
    else:
        current = app.school.urn if app.school else ""
    context: dict[str, Any] = {
        "title": CHANGES[what],
        "application": app,
        "what": what,
        "options": options,
        "value": current,
        "errors": [],
        "error": None,
    }
    if what == "school_urn":
        _workplace_search(request, context)
    form = bind(ChangeForm, request, what=what, options=options, current=current)
    if form.is_bound and form.is_valid():
        try:
            changed = services.change_registration(request.user, app, {what: form.cleaned_data[what]})  # type: ignore[arg-type]
        except NPQError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Your registration has been changed.")
            return redirect("registration:application", changed.ecf_id)
    if form.errors:
        errors = form.error_list()
        context.update(error=errors[0]["text"], value=form.values()[what], errors=errors)
    return render(request, "registration/change.html", context, status=400 if context["errors"] else 200)


def _workplace_search(request: HttpRequest, context: dict[str, Any]) -> None:
    """The same workplace search as the journey: search by name, town, postcode or URN, then choose."""
    query = request.GET.get("q", "").strip()[: workplaces.MAX_QUERY_LENGTH]
    app = context["application"]
    context.update(
        query=query,
        results=workplaces.find("school", query, MAX_WORKPLACE_RESULTS) if query else [],
        current_name=app.school.name if app.school else "",
    )
    if "q" in request.GET and not query:
        context["error"] = workplaces.EMPTY_SEARCH["school"]
        context["errors"] = [{"text": context["error"], "href": "#q"}]


def confirm_date_of_birth(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("/sign-in/code?next=/registration/")
    target = request.GET.get("next", "/registration/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/registration/"
    if user.date_of_birth is None or request.session.get(DOB_SESSION_KEY) == user.pk:
        return redirect(target)
    locked_until = services.date_of_birth_locked_until(user)
    if locked_until is not None:
        return _locked(request, locked_until)
    context: dict[str, Any] = {
        "title": "Confirm your date of birth",
        "errors": [],
        "error": None,
        "date": {},
        "locked_until": None,
    }
    form = bind(DateOfBirthForm, request)
    if form.is_bound and form.is_valid():
        result = services.check_date_of_birth(user, form.cleaned_data["date_of_birth"])
        if result.outcome == rules.DateOfBirthCheck.MATCHED:
            request.session[DOB_SESSION_KEY] = user.pk
            return redirect(target)
        if result.locked_until is not None:
            return _locked(request, result.locked_until)
        form.add_error(
            "date_of_birth-day",
            "The date of birth does not match the one we have. You can try "
            f"{result.tries_left} more time{'s' if result.tries_left != 1 else ''}. "
            "If you share this email address, sign out.",
        )
    if form.errors:
        posted, errors = form.values(), form.error_list()
        context.update(
            error=errors[0]["text"], errors=errors, date={p: posted[f"date_of_birth-{p}"] for p in DATE_PARTS}
        )
    return render(request, "registration/confirm_dob.html", context, status=400 if context["errors"] else 200)


def _locked(request: HttpRequest, until: dt.datetime) -> HttpResponse:
    """Nothing of the stored registration, only when to try again."""
    context = {"title": "You cannot see these details now", "locked_until": timezone.localtime(until), "errors": []}
    return render(request, "registration/confirm_dob.html", context, status=429)
