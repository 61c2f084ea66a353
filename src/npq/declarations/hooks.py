"""What declarations ask of, and tell, the apps above them (see ``npq.core.hooks``).

* ``ledger`` is answered by finance with the object that finds contracts and statements and
  writes ledger lines (:class:`Ledger`); a declaration and its line are written in one transaction.
* ``declaration_changed`` tells listeners (assessment links released results to a completed
  declaration) that a declaration was created or voided, inside the same transaction.
"""

import datetime as dt
from typing import Any, Protocol

from npq.core.audit import Actor
from npq.core.hooks import Hook


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
