"""Counts of people as a page shows them: every count and percentage goes through the one
suppression rule (``npq.core.suppression``) before it reaches a reader."""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from npq.core.suppression import suppress

HIDDEN = "Hidden: small numbers"


@dataclass(frozen=True)
class Cell:
    """A count of people (``value``) and whether it must be hidden; ``str`` is what a reader sees."""

    value: int
    hidden: bool = False

    def __str__(self) -> str:
        return HIDDEN if self.hidden else f"{self.value:,}"


@dataclass(frozen=True)
class Share:
    """A percentage worked out from two counts: hidden when either count is."""

    part: Cell
    whole: Cell

    @property
    def hidden(self) -> bool:
        return self.part.hidden or self.whole.hidden

    def __str__(self) -> str:
        if self.hidden:
            return HIDDEN
        if not self.whole.value:
            return "No one yet"
        percent = (Decimal(100 * self.part.value) / self.whole.value).quantize(Decimal("1"), ROUND_HALF_UP)
        return f"{percent}%"


@dataclass
class Row:
    """One row of a table of the evidence pack: what it is about, and its figures by column."""

    name: str
    cells: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    """The provider's self-evaluation as the pack shows it: grade and narrative by judgement area."""

    grades: dict[str, str]
    narrative: dict[str, str]


def column(counts: Mapping[Hashable, int], total: int | None = None) -> dict[Hashable, Cell]:
    """One column of a table of people, suppressed as a whole (cells and their total)."""
    rule = suppress(counts, total)
    return {key: Cell(count, rule.hides(key)) for key, count in counts.items()}


def total(counts: Sequence[int]) -> Cell:
    whole = sum(counts)
    rule = suppress({0: whole})
    return Cell(whole, rule.total)
