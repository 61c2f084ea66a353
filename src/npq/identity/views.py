"""DfE pages for participant identity: find a participant, see everything about them, and merge a
duplicate into the one kept."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.identity.forms import MergeForm
from npq.identity.search import find_people, person_record
from npq.identity.services import merge_participants, merge_preview
from npq.people.models import User
from npq.registration.models import Application

TITLE = "Merge duplicate participants"
FIELDS = ("from_participant_id", "to_participant_id")


def _form(request: HttpRequest, values: dict[str, str], problems: list[tuple[str, str]]) -> HttpResponse:
    errors = [{"text": message, "href": f"#{field}"} for field, message in problems]
    by_field: dict[str, str] = dict.fromkeys(FIELDS, "")  # every key present: the template is strict
    for field, message in problems:
        key = field if field in FIELDS else "from_participant_id"
        by_field[key] = by_field[key] or message
    context = {"title": TITLE, "values": values, "errors": errors, "field_errors": by_field}
    return render(request, "identity/merge.html", context, status=400 if problems else 200)


def _applications(user: User) -> list[Application]:
    return list(
        Application.objects.filter(user=user)
        .select_related("course", "cohort", "lead_provider")
        .order_by("created_at", "id")
    )


@role_required(Role.DFE_ADMIN)
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest) -> HttpResponse:
    """Step 1: the two ids. Step 2 (on a valid POST): the people side by side, to confirm."""
    if request.method == "GET":
        return _form(request, {f: request.GET.get(f, "") for f in FIELDS}, [])
    form = bind(MergeForm, request)
    form.is_valid()
    values = form.ids_given()
    if form.errors:
        return _form(request, values, form.problems())
    try:
        retiring, keeping, problems = merge_preview(values[FIELDS[0]], values[FIELDS[1]])
    except NPQError as exc:
        return _form(request, values, [(exc.field or FIELDS[0], exc.message)])
    if problems:
        return _form(request, values, problems)
    context: dict[str, Any] = {
        "title": "Check the participants before merging",
        "retiring": retiring,
        "keeping": keeping,
        "retiring_applications": _applications(retiring),
        "keeping_applications": _applications(keeping),
        "values": values,
    }
    return render(request, "identity/merge_confirm.html", context)


@role_required(Role.DFE_ADMIN)
@require_POST
def merge_confirm(request: HttpRequest) -> HttpResponse:
    form = bind(MergeForm, request)
    form.is_valid()
    values = form.ids_given()
    if form.errors:
        return _form(request, values, form.problems())
    try:
        change = merge_participants(values[FIELDS[0]], values[FIELDS[1]], Actor.person(request.user))
    except NPQError as exc:
        return _form(request, values, [(exc.field or FIELDS[0], exc.message)])
    messages.success(
        request,
        f"Participant {change.from_participant_id} was merged into {change.to_participant_id}. "
        "Lead providers now see the change on the kept participant; the old id answers 410 Gone.",
    )
    return redirect("identity:merge")


@role_required(Role.DFE_ADMIN)
def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    context = {"title": "Find a participant", "q": text, "people": list(find_people(text)) if text else None}
    return render(request, "identity/search.html", context)


@role_required(Role.DFE_ADMIN)
def person(request: HttpRequest, ecf_id: Any) -> HttpResponse:
    found = get_object_or_404(User, ecf_id=ecf_id, role=Role.PARTICIPANT)
    context = {"title": found.full_name, "person": found, **person_record(found)}
    return render(request, "identity/person.html", context)
