"""The one place that decides whether an inspector may read a provider's evidence.

Inspector access is a grant: one provider, from notification until the report is published, and
every read is logged for the provider to see. Views call :func:`granted` (inspectors) or
:func:`inspection_for` (anyone) before showing anything provider-specific; nothing else in the
app reads a provider's data for an inspector.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from npq.core import clock
from npq.core.roles import Role
from npq.quality import rules
from npq.quality.models import Grant, Inspection, Read

PROVIDER_ROLES = (Role.LEAD_PROVIDER, Role.QUALITY_LEAD)


def active_grants(user: Any) -> QuerySet[Grant]:
    now = clock.now()
    return Grant.objects.filter(inspector=user, starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def grant_for(user: Any, inspection: Inspection) -> Grant | None:
    """The user's grant on this inspection if it is open now (and for this inspection's provider)."""
    grant = (
        Grant.objects.filter(inspection=inspection, inspector=user, lead_provider=inspection.lead_provider_id)
        .select_related("inspection")
        .first()
    )
    if grant is None or not rules.access_open(grant.starts_at, grant.ends_at, clock.now()):
        return None
    return grant


def _inspection(pk: int) -> Inspection:
    inspection = Inspection.objects.select_related("lead_provider", "lead_inspector").filter(pk=pk).first()
    if inspection is None:
        raise Http404("No inspection has this number")
    return inspection


def granted(request: HttpRequest, pk: int, what: str) -> tuple[Inspection, Grant]:
    """An inspector's inspection under an open grant, with the read logged; refused otherwise."""
    inspection = _inspection(pk)
    grant = grant_for(request.user, inspection)
    if grant is None:
        raise PermissionDenied("You have no open access to this provider's evidence")
    Read.objects.create(grant=grant, what=what[:200], path=request.get_full_path()[:300], read_at=clock.now())
    return inspection, grant


def inspection_for(request: HttpRequest, pk: int, what: str) -> Inspection:
    """The inspection as its reader may see it: inspectors through a grant, the provider's own
    staff for their provider only, the Department's admins for any."""
    user: Any = request.user
    if user.role == Role.INSPECTOR:
        return granted(request, pk, what)[0]
    inspection = _inspection(pk)
    if user.role == Role.DFE_ADMIN:
        return inspection
    if user.role in PROVIDER_ROLES and user.lead_provider_id == inspection.lead_provider_id:
        return inspection
    raise Http404("No inspection of yours has this number")


def visible_inspections(user: Any) -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related("lead_provider", "lead_inspector")
    if user.role == Role.INSPECTOR:
        return qs.filter(Q(lead_inspector=user) | Q(team=user)).distinct()
    if user.role in PROVIDER_ROLES:
        return qs.filter(lead_provider=user.lead_provider_id)
    if user.role == Role.DFE_ADMIN:
        return qs
    return qs.none()
