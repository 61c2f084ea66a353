"""The published report, as a page and a PDF, with the provider's response beside it; and the
provider's form to publish that response. A published report is public: any signed-in reader."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from npq.core.errors import NPQError
from npq.core.forms import bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.quality import access, forms, rules
from npq.quality.models import Inspection
from npq.quality.report_pdf import report_pdf
from npq.quality.services import reports
from npq.quality.services.inspections import current_grades


def _published(pk: int) -> Inspection:
    found = Inspection.objects.select_related("lead_provider").filter(pk=pk, stage=rules.Stage.PUBLISHED).first()
    if found is None:
        raise Http404("No published report has this number")
    return found


@role_required()
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _published(pk)
    user = request.user
    can_respond = (
        getattr(user, "role", None) in access.PROVIDER_ROLES
        and getattr(user, "lead_provider_id", None) == found.lead_provider_id
        and not found.response_published_at
    )
    context: dict[str, Any] = {
        "title": f"Report: {found}",
        "inspection": found,
        "grades": current_grades(found),
        "can_respond": can_respond,
        "form": forms.ResponseForm(),
        "errors": [],
    }
    return render(request, "quality/report.html", context)


@role_required()
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    found = _published(pk)
    response = HttpResponse(report_pdf(found, current_grades(found)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inspection-report-{found.pk}.pdf"'
    return response


@role_required(Role.LEAD_PROVIDER, Role.QUALITY_LEAD)
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.inspection_for(request, pk, "Response")
    form = bind(forms.ResponseForm, request)
    if form.is_valid():
        try:
            reports.publish_response(request.user, found, form.cleaned_data["response"])
        except NPQError as error:
            form.add_service_error(error)
        else:
            return redirect("quality:report", found.pk)
    context = {
        "title": f"Report: {found}",
        "inspection": found,
        "grades": current_grades(found),
        "can_respond": True,
        "form": form,
        "errors": form.error_list(),
    }
    return render(request, "quality/report.html", context, status=400)
