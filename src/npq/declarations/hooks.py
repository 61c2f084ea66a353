"""What declarations ask of, and tell, the apps above them (see ``npq.core.hooks``).

* ``ledger`` is answered by finance with the object that finds contracts and statements and
  writes ledger lines (:class:`Ledger`); a declaration and its line are written in one transaction.
* ``declaration_changed`` tells listeners (assessment links released results to a completed
  declaration) that a declaration was created or voided, inside the same transaction.
* ``outcome_changed`` and ``outcome_awards``: awards listens for outcomes and shows its awards on them.
"""

import datetime as dt
from typing import Any, Protocol, TypedDict

from npq.core.audit import Actor
from npq.core.hooks import Hook
from npq.declarations.models import Declaration, ParticipantOutcome


class Ledger(Protocol):
    """The payment side of a declaration, as finance keeps it."""

    def contract_for(self, lead_provider: Any, cohort: Any, course: Any) -> Any | None: ...

    def claim_open_statement(self, lead_provider: Any, cohort: Any, today: dt.date) -> Any | None: ...

    def add_output_line(
        self, declaration: Any, statement: Any, contract: Any, now: dt.datetime, *, claimed: bool = False
    ) -> Any: ...

    def take_back(self, declaration: Any, today: dt.date, now: dt.datetime, reason: str) -> Any | None: ...


ledger: Hook[[], Ledger] = Hook("ledger", "The ledger that pays declarations (answered by finance).")

declaration_changed: Hook[[Any, Actor], object] = Hook(
    "declaration_changed", "A declaration was created or voided (told inside its transaction)."
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
