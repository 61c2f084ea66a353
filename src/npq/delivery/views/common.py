"""What the delivery pages share: who may view them, the cohort or session a user may see,
the leadership behaviours and the status of a page with a form."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from npq.core.roles import Role
from npq.delivery import queries
from npq.delivery.models import DeliveryCohort, Session
from npq.frameworks.models import Behaviour
from npq.people.pages import signed_in

# Inspectors read a provider's delivery only through an inspection's evidence pack (npq.quality), under a grant.
VIEWERS = (Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER, Role.PARTICIPANT, Role.DFE_ADMIN)


def cohort_for(request: HttpRequest, pk: int) -> DeliveryCohort:
    return get_object_or_404(queries.cohorts_for(signed_in(request)), pk=pk)


def session_for(request: HttpRequest, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("delivery_cohort", "module"), pk=pk)
    if not queries.cohorts_for(signed_in(request)).filter(pk=session.delivery_cohort_id).exists():
        raise Http404
    return session


def behaviours() -> list[Behaviour]:
    """The seven leadership behaviours of the newest framework version that has them."""
    first = Behaviour.objects.order_by("-framework__version", "framework__key").first()
    return list(Behaviour.objects.filter(framework_id=first.framework_id)) if first else []


def status_of(form: Any) -> int:
    return 400 if form.errors else 200
