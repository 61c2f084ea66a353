"""Which figures of a published table must be hidden so that no small group can be identified.

A table here is a set of cells (groups: delivery partners, sessions, options...) that add up to a
published total. The rule, the same for every page, CSV and API that publishes counts of people:

1. Primary: a cell counting 1 to ``minimum - 1`` people is suppressed (0 identifies nobody).
2. The total is suppressed when it counts 1 to ``minimum - 1`` people; then every cell is too.
3. Secondary: when the total is published and exactly one cell is suppressed, the total minus the
   other cells would give it back, so the next smallest cell (a non-empty one when there is one)
   is suppressed as well.

Pure: no Django, no clock, no I/O. Anything worked out from a cell (a percentage, a mean, the share
agreeing) is suppressed with it.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

MINIMUM = 5

#: What every page publishing these figures says about them (official statistics practice: counts
#: of people are published whole, rates to one decimal place rounded half up, small counts hidden).
NOTE = (
    "Counts of fewer than 5 people are not shown (marked 'fewer than 5'), nor is a second figure that "
    "would let them be worked out. Percentages are rounded to one decimal place, half up, so they may "
    "not add up to 100."
)

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Suppression(Generic[K]):
    cells: frozenset[K]
    total: bool

    def hides(self, key: K) -> bool:
        return self.total or key in self.cells


def too_few(count: int, minimum: int = MINIMUM) -> bool:
    """A count of people too small to publish on its own."""
    return 0 < count < minimum


def suppress(cells: Mapping[K, int], total: int | None = None, minimum: int = MINIMUM) -> Suppression[K]:
    """The cells (and whether the total) to hide; ``total`` defaults to the sum of the cells.

    Pass ``total`` when it is larger than the sum (people in no listed group still count in it)."""
    whole = sum(cells.values()) if total is None else total
    if too_few(whole, minimum):
        return Suppression(frozenset(cells), True)
    hidden = {key for key, count in cells.items() if too_few(count, minimum)}
    if len(hidden) == 1:
        hidden |= _next_smallest(cells, hidden)
    return Suppression(frozenset(hidden), False)


def _next_smallest(cells: Mapping[K, int], hidden: set[K]) -> set[K]:
    rest = [(count == 0, count, n) for n, (key, count) in enumerate(cells.items()) if key not in hidden]
    if not rest:
        return set()
    keys = list(cells)
    _, _, position = min(rest)
    return {keys[position]}


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage to one decimal place, rounded half up once (as official statistics are)."""
    if whole <= 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
