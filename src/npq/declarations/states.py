"""The one place a declaration's state changes: asks the rules' transition table and appends history."""

import datetime as dt

from django.db.models import QuerySet

from npq.core.errors import InvalidTransition
from npq.declarations import rules
from npq.declarations.models import Declaration, DeclarationStateChange


def change_state(declaration: Declaration, target: str, reason: str, now: dt.datetime) -> None:
    current = rules.State(declaration.state)
    if not rules.can_transition(current, rules.State(target)):
        raise InvalidTransition(f"Declaration {declaration.ecf_id} cannot go from {current} to {target}")
    DeclarationStateChange.objects.create(
        declaration=declaration, from_state=current.value, to_state=target, reason=reason, changed_at=now
    )
    declaration.state = target
    declaration.updated_at = now
    declaration.save(update_fields=["state", "updated_at"])


def opening_change(target: str, reason: str, now: dt.datetime) -> DeclarationStateChange | None:
    """The history row for a new declaration's first state, or None when it stays submitted.

    Every declaration begins submitted. When the rules place a new one straight in another state,
    the move is checked against the transition table here and the caller inserts the declaration
    once, already in that state, then saves this row for it (no insert-then-update)."""
    if target == rules.State.SUBMITTED:
        return None
    if not rules.can_transition(rules.State.SUBMITTED, rules.State(target)):
        raise InvalidTransition(f"A new declaration cannot go from submitted to {target}")
    return DeclarationStateChange(
        from_state=rules.State.SUBMITTED.value, to_state=target, reason=reason, changed_at=now
    )


def bulk_change_state(
    declarations: QuerySet[Declaration], source: str, target: str, reason: str, now: dt.datetime
) -> int:
    """Move many declarations at once (statement runs), still through the transition table."""
    if not rules.can_transition(rules.State(source), rules.State(target)):
        raise InvalidTransition(f"Declarations cannot go from {source} to {target}")
    ids = list(declarations.filter(state=source).values_list("pk", flat=True))
    DeclarationStateChange.objects.bulk_create(
        [
            DeclarationStateChange(declaration_id=i, from_state=source, to_state=target, reason=reason, changed_at=now)
            for i in ids
        ],
        batch_size=2000,
    )
    return Declaration.objects.filter(pk__in=ids).update(state=target, updated_at=now)
