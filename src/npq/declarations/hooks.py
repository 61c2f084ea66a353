"""Hooks declarations offers to the apps above it (see ``npq.core.hooks`` and docs/conventions.md)."""

import datetime as dt
from typing import TypedDict

from npq.core.audit import Actor
from npq.core.hooks import Hook
from npq.declarations.models import Declaration, ParticipantOutcome

# --- Awards (registered by npq.awards) -------------------------------------------------------------
# A qualification is awarded from a passed outcome on a live completed declaration, and revoked when
# that stops being true; awards sits above declarations, so it listens rather than being called.

outcome_changed: Hook[[Declaration, Actor], None] = Hook(
    "declarations.outcome_changed",
    "A completed declaration's current outcome may have changed (an outcome was appended or the "
    "declaration was voided); told inside the transaction that made the change.",
)


class OutcomeAward(TypedDict):
    """The award an outcome led to, as the API shows it (no personal data beyond the number)."""

    certificate_number: str
    status: str  # "awarded" or "revoked"
    awarded_on: dt.date
    revoked_on: dt.date | None
    verification_url: str


outcome_awards: Hook[[list[ParticipantOutcome]], dict[int, OutcomeAward]] = Hook(
    "declarations.outcome_awards",
    "The awards made from these outcomes, keyed by outcome id (outcomes with none are left out). "
    "Unanswered (awards not installed): no outcome shows an award.",
)
# --- end of awards' hooks ----------------------------------------------------------------------------
