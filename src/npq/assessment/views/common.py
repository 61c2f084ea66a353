"""What the assessment pages share: the submission, window or cohort a user may see."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from npq.assessment import queries, services
from npq.assessment.models import Submission, Window
from npq.delivery.models import DeliveryCohort
from npq.people.pages import signed_in


def provider_id(request: HttpRequest) -> int:
    """The signed-in user's lead provider (assessors and provider staff always have one)."""
    pid = signed_in(request).lead_provider_id
    if pid is None:
        raise Http404
    return pid


def status_of(form: Any) -> int:
    return 400 if form.errors else 200


def submission_for(request: HttpRequest, pk: int) -> Submission:
    sub = get_object_or_404(
        Submission.objects.select_related("window__scheme__task", "window__delivery_cohort", "participant").defer(
            "content"
        ),
        pk=pk,
    )
    if sub.window.delivery_cohort.lead_provider_id != provider_id(request):
        raise Http404
    return sub


def moderated_window(request: HttpRequest, pk: int) -> Window:
    window = get_object_or_404(queries.provider_windows(provider_id(request)), pk=pk)
    if not services.is_moderator(signed_in(request), window.delivery_cohort.lead_provider_id):
        raise Http404
    return window


def provider_cohort(request: HttpRequest, pk: int) -> DeliveryCohort:
    return get_object_or_404(
        DeliveryCohort.objects.select_related("course", "cohort"),
        pk=pk,
        lead_provider_id=provider_id(request),
    )


def provider_window(request: HttpRequest, pk: int) -> Window:
    return get_object_or_404(
        Window.objects.select_related("scheme__task", "delivery_cohort__course"),
        pk=pk,
        delivery_cohort__lead_provider_id=provider_id(request),
    )


def criteria_of(sub: Submission) -> list[Any]:
    return list(sub.window.scheme.task.criteria.order_by("position", "code"))
