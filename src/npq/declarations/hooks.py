"""What declarations ask of, and tell, the apps above them (see ``npq.core.hooks``).

* ``ledger`` is answered by finance with the object that finds contracts and statements and
  writes ledger lines (:class:`Ledger`); a declaration and its line are written in one transaction.
* ``declarations_created`` tells listeners (webhooks announce them; assessment links released results
  to a completed declaration) that declarations were created, once per batch, inside its transaction;
  ``declaration_changed`` likewise that one was voided.
* ``outcome_changed`` and ``outcome_awards``: awards listens for outcomes and shows its awards on them.
"""

import datetime as dt
from typing import Any, Protocol, TypedDict

from npq.core.audit import Actor
from npq.core.hooks import Hook
from npq.declarations.models import Declaration, ParticipantOutcome


class Ledger(Protocol):
    """The payment side of declarations, as finance keeps it; each read covers a whole batch in one query."""

    def contracts_for(self, lead_provider: Any, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], Any]: ...

    def claim_open_statements(self, lead_provider: Any, cohort_ids: set[int], today: dt.date) -> dict[int, Any]: ...

    def add_output_lines(self, payments: list[tuple[Any, Any, Any]], now: dt.datetime) -> list[Any]: ...

    def take_back(self, declaration: Any, today: dt.date, now: dt.datetime, reason: str) -> Any | None: ...


ledger: Hook[[], Ledger] = Hook("ledger", "The ledger that pays declarations (answered by finance).")

declaration_changed: Hook[[Any, Actor], object] = Hook(
    "declaration_changed", "A declaration was voided (told inside its transaction)."
)

declarations_created: Hook[[list[Any], Actor], object] = Hook(
    "declarations_created",
    "Declarations were created, one or a whole batch (told once, inside their transaction, with all of them).",
)


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
