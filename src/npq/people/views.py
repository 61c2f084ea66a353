"""Staff user management for DfE admins, and the page where an invited person chooses a password."""

from typing import Any

from django.contrib import auth, messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.pagination import page_of
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.people import staff
from npq.people.forms import ChoosePasswordForm, ConfirmForm, InviteForm, RoleFields
from npq.people.models import User


def _organisation(user: User) -> str:
    parts = [
        user.lead_provider.name if user.lead_provider else "",
        user.delivery_partner.name if user.delivery_partner else "",
    ]
    return " / ".join(p for p in parts if p) or "Department for Education"


def _staff() -> Any:
    return User.objects.exclude(role=Role.PARTICIPANT).select_related("lead_provider", "delivery_partner")


@role_required(Role.DFE_ADMIN)
def staff_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    qs = _staff()
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    context = {
        "title": "Staff users",
        "q": q,
        "page": page_of(qs.order_by("full_name", "id"), request.GET.get("page")),
        "query": f"q={q}" if q else "",
        "role_label": lambda u: str(Role(u.role).label),
        "organisation": _organisation,
    }
    return render(request, "people/staff_list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.DFE_ADMIN)
def invite(request: HttpRequest) -> HttpResponse:
    form = bind(InviteForm, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = staff.invite_staff(
                Actor.person(request.user),
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                lead_provider=data["lead_provider"],
                delivery_partner=data["delivery_partner"],
            )
        except NPQError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Invitation sent to {user.email}: they choose a password from the link in it")
            return redirect("people:staff_member", pk=user.pk)
    context = {"title": "Invite a staff user", "form": form, "errors": form.error_list()}
    return render(request, "people/invite.html", context, status=400 if form.errors else 200)


def _member_page(request: HttpRequest, member: User, form: RoleFields, status: int = 200) -> HttpResponse:
    context = {
        "title": member.full_name,
        "member": member,
        "form": form,
        "errors": form.error_list(),
        "role_label": str(Role(member.role).label),
        "organisation": _organisation(member),
        "invited": not member.has_usable_password(),
        "is_self": member.pk == request.user.pk,
    }
    return render(request, "people/staff_member.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(Role.DFE_ADMIN)
def staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(_staff(), pk=pk)
    initial = {"role": member.role, "lead_provider": member.lead_provider, "delivery_partner": member.delivery_partner}
    form = bind(RoleFields, request, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff.change_staff_role(
                Actor.person(request.user),
                member,
                role=data["role"],
                lead_provider=data["lead_provider"],
                delivery_partner=data["delivery_partner"],
            )
        except NPQError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Role saved: {member.full_name} is now a {Role(member.role).label}")
            return redirect("people:staff_member", pk=member.pk)
    return _member_page(request, member, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.DFE_ADMIN)
def set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate after a confirmation page saying what will happen."""
    member = get_object_or_404(_staff(), pk=pk)
    activating = not member.is_active
    form = bind(ConfirmForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            staff.set_staff_active(Actor.person(request.user), member, activating)
        except NPQError as error:
            form.add_error("confirm", error.message)
        else:
            done = "reactivated: they can sign in again" if activating else "deactivated: they can no longer sign in"
            messages.success(request, f"{member.full_name}'s account {done}")
            return redirect("people:staff_member", pk=member.pk)
    context = {
        "title": f"{'Reactivate' if activating else 'Deactivate'} {member.full_name}'s account",
        "member": member,
        "activating": activating,
        "form": form,
        "errors": form.error_list(),
    }
    return render(request, "people/set_active.html", context, status=400 if form.errors else 200)


@require_http_methods(["POST"])
@role_required(Role.DFE_ADMIN)
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(_staff(), pk=pk)
    try:
        staff.resend_invitation(Actor.person(request.user), member)
    except NPQError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"A new invitation was sent to {member.email}")
    return redirect("people:staff_member", pk=member.pk)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Open to visitors: the link itself is the proof. A bad link is a page, never a 500."""
    try:
        invited = staff.invited_user(uidb64, token)
    except NPQError as error:
        invalid = {"title": "This invitation link does not work", "message": error.message}
        return render(request, "people/invitation_invalid.html", invalid, status=404)
    form = bind(ChoosePasswordForm, request, user=invited)
    if request.method == "POST" and form.is_valid():
        try:
            user = staff.accept_invitation(uidb64, token, form.cleaned_data["password"])
        except NPQError as error:
            form.add_service_error(error)
        else:
            auth.login(request, user, backend="npq.people.backends.EmailBackend")
            messages.success(request, "Your password is set and you are signed in")
            return redirect("web:dashboard")
    context = {"title": "Choose your password", "invited": invited, "form": form, "errors": form.error_list()}
    return render(request, "people/choose_password.html", context, status=400 if form.errors else 200)
