"""What training asks of the apps above it (see ``npq.core.hooks``), and the funded-place check.

* ``live_declarations_of`` is answered by declarations: the declarations on an application that
  still count (declarations decides which states count), as ``(type, date)``. Until it is answered,
  an application has none.
* ``has_contract`` is answered by finance: whether the application's provider has a contract for
  its course in a cohort. Until it is answered, no provider has one.
"""

import datetime as dt
from typing import Any

from npq.core.hooks import Hook
from npq.registration.models import Application, ApprovalStatus, FundedPlaceCap

live_declarations_of: Hook[[Any], list[tuple[str, dt.date]]] = Hook(
    "live_declarations_of", "The declarations on an application that still count, as (type, date)."
)
has_contract: Hook[[Any, int], bool] = Hook(
    "has_contract", "Whether the application's provider is paid for its course in a cohort (answered by finance)."
)


def live_declarations(application: Any) -> list[tuple[str, dt.date]]:
    return live_declarations_of.ask(application) if live_declarations_of.answered else []


def provider_has_contract(application: Any, cohort_id: int) -> bool:
    return has_contract.answered and has_contract.ask(application, cohort_id)


def funded_place_available(application: Any) -> bool:
    """Whether the provider's cap for the cohort and course still has room (no cap row: no limit).

    The cap row is locked so that two acceptances cannot both take the last place."""
    cap = (
        FundedPlaceCap.objects.select_for_update()
        .filter(
            lead_provider_id=application.lead_provider_id,
            course_id=application.course_id,
            cohort_id=application.cohort_id,
        )
        .first()
    )
    if cap is None:
        return True
    taken = (
        Application.objects.filter(
            lead_provider_id=application.lead_provider_id,
            course_id=application.course_id,
            cohort_id=application.cohort_id,
            lead_provider_approval_status=ApprovalStatus.ACCEPTED,
            funded_place=True,
        )
        .exclude(pk=application.pk)
        .count()
    )
    return taken < cap.places


partner_application_ids: Hook[[Any, Any], Any] = Hook(
    "partner_application_ids",
    "Ids of a provider's applications with declarations through a delivery partner (answered by declarations).",
)
record_sections: Hook[[Any], tuple[str, list[str]]] = Hook(
    "record_sections", "Headed lines about an application for its record page (declarations, outcomes, ...)."
)


def applications_with_partner(lead_provider: Any, delivery_partner: Any) -> Any:
    """A values queryset of application ids, or an empty list until declarations answers."""
    if not partner_application_ids.answered:
        return []
    return partner_application_ids.ask(lead_provider, delivery_partner)


record_actions: Hook[[Any, bool], list[tuple[str, str]]] = Hook(
    "record_actions",
    "More buttons for an application's record page, as (text, url), given whether the person may act "
    "(declarations adds 'Record an outcome').",
)
