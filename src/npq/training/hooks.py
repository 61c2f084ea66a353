"""Questions training asks of apps built elsewhere, answered by whatever registers an answer.

* ``declarations``: the declarations app registers ``fn(application) -> list[(type, state, date)]``
  (every declaration on the application). Until it does, an application has no declarations.
* ``has_contract``: read from ``finance.Contract`` (the provider is paid for the course in a cohort).
* ``funded_place_available``: registration registers ``fn(application) -> bool`` (the provider's
  cap for the cohort and course still has room). Until it does, the cap is read here from
  ``registration.FundedPlaceCap`` (no cap row: no limit), with the cap row locked so that two
  acceptances cannot both take the last place.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from npq.training.rules import LIVE_DECLARATION_STATES

_declarations: list[Callable[[Any], list[tuple[str, str, dt.date]]]] = []
_funded_place: list[Callable[[Any], bool]] = []


def register_declarations(fn: Callable[[Any], list[tuple[str, str, dt.date]]]) -> None:
    _declarations[:] = [fn]


def register_funded_place_available(fn: Callable[[Any], bool]) -> None:
    _funded_place[:] = [fn]


def live_declarations(application: Any) -> list[tuple[str, dt.date]]:
    found: list[tuple[str, dt.date]] = []
    for fn in _declarations:
        found += [(kind, when) for kind, state, when in fn(application) if state in LIVE_DECLARATION_STATES]
    return found


def has_contract(application: Any, cohort_id: int) -> bool:
    """Whether the application's provider has a contract for its course in ``cohort_id``."""
    from npq.finance.models import Contract

    return Contract.objects.filter(
        lead_provider_id=application.lead_provider_id, course_id=application.course_id, cohort_id=cohort_id
    ).exists()


def funded_place_available(application: Any) -> bool:
    if _funded_place:
        return all(fn(application) for fn in _funded_place)
    from npq.registration.models import Application, FundedPlaceCap

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
            lead_provider_approval_status="accepted",
            funded_place=True,
        )
        .exclude(pk=application.pk)
        .count()
    )
    return taken < cap.places
