"""The audit trail, for DfE admins: everything, or the history of one record."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from npq.core.models import AuditEvent
from npq.core.pagination import page_of
from npq.core.permissions import role_required
from npq.core.roles import Role


@role_required(Role.DFE_ADMIN)
def audit_list(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.all()
    object_type = request.GET.get("object_type", "").strip()
    object_id = request.GET.get("object_id", "").strip()
    actor = request.GET.get("actor", "").strip()
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    page = page_of(events, request.GET.get("page"))
    context = {
        "title": "Audit trail",
        "page": page,
        "object_type": object_type,
        "object_id": object_id,
        "actor": actor,
        "object_types": AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct(),
    }
    return render(request, "core/audit_list.html", context)
