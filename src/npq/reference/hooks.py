"""Notices the reference app gives to apps above it (see ``npq.core.hooks``).

* ``reference_loaded``: told at the end of every ``load_reference(actor)`` with the actor and the
  ``LoadSummary``; apps that ship their own reference data (the Department's survey questionnaires)
  load it then and count what they added in the summary.
"""

from typing import Any

from npq.core.hooks import Hook

reference_loaded: Hook[[Any, Any], None] = Hook(
    "reference.reference_loaded", "Reference data was loaded: load your own shipped data (actor, summary)."
)
