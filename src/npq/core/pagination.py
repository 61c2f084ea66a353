"""Page numbers for pages (GOV.UK pagination) over any queryset."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

PER_PAGE = 50
MAX_PAGE = 100_000  # beyond any list's end; bounds the database's OFFSET (a huge ?page= is an empty page)


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_of(queryset: QuerySet[Any], number: str | int | None, per_page: int = PER_PAGE) -> Page:
    """One page without a COUNT(*): fetch one extra row to know whether another page exists."""
    try:
        n = min(max(1, int(number or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        n = 1
    start = (n - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(items=rows[:per_page], number=n, per_page=per_page, has_next=len(rows) > per_page)
