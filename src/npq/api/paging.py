"""Envelopes, page numbers, cursors, sorting and date filters, as the contract defines them.

* ``page[page]`` (from 1) and ``page[per_page]`` (default 100, capped at 3000): "countless" paging,
  past the end is an empty list.
* ``page[cursor]``: our addition for gap-free sync; see :mod:`npq.api.changefeed`.
* ``sort=created_at,-updated_at``: unknown columns are ignored; ties broken by id. Without ``sort``
  records come in creation order (by id, which the database indexes).
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
from django.db.models import QuerySet
from django.http import HttpResponse

from npq.api.errors import BadRequest
from npq.core.identifiers import parse_uuid

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 3000
MAX_PAGE = 1_000_000  # far past any provider's data; bounds the database's OFFSET
PAGE_MESSAGE = "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number"


@dataclass(frozen=True)
class PageRequest:
    number: int
    per_page: int
    cursor: str | None

    @property
    def start(self) -> int:
        """Records before this page."""
        return (self.number - 1) * self.per_page

    @property
    def end(self) -> int:
        """Records up to the end of this page."""
        return self.number * self.per_page

    def slice(self, queryset: QuerySet[Any]) -> list[Any]:
        return list(self.window(queryset))

    def window(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The page of ``queryset``, not yet run (to use as a subquery: page ids, then their columns)."""
        return queryset[self.start : self.end]


def _positive(value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise BadRequest(PAGE_MESSAGE) from exc
    if number < 1 or number > MAX_PAGE:
        raise BadRequest(PAGE_MESSAGE)
    return number


def page_request(page: str | None, per_page: str | None, cursor: str | None = None) -> PageRequest:
    per_page_number = DEFAULT_PER_PAGE if per_page in (None, "") else min(_positive_or_cap(per_page), MAX_PER_PAGE)
    return PageRequest(_positive(page, 1), per_page_number, cursor)


def _positive_or_cap(value: str) -> int:
    """``page[per_page]``: a positive number; a huge one means "as many as allowed" (the contract caps it)."""
    try:
        number = int(value)
    except ValueError as exc:
        raise BadRequest(PAGE_MESSAGE) from exc
    if number < 1:
        raise BadRequest(PAGE_MESSAGE)
    return min(number, MAX_PER_PAGE)


def order_by(sort: str | None, allowed: dict[str, str], default: list[str]) -> list[str]:
    """Sort keys from ``sort`` (comma list, ``-`` for descending), mapped through ``allowed``."""
    keys: list[str] = []
    for part in (sort or "").split(","):
        part = part.strip()
        descending = part.startswith("-")
        name = part.lstrip("+-")
        if name in allowed:
            keys.append(("-" if descending else "") + allowed[name])
    keys = keys or list(default)
    if not keys:
        return ["id"]  # creation order: ids are given in creation order, and the primary key is indexed
    last = keys[-1]
    keys.append("-id" if last.startswith("-") else "id")
    return keys


def since(value: str | None, name: str) -> dt.datetime | None:
    if value is None or value == "":
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace(" ", "+").replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadRequest(f"The filter '#/{name}' must be a valid ISO 8601 date") from exc
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    try:  # 9999-12-31T23:59:59-23:59 is a valid spelling of a moment after year 9999
        return moment.astimezone(dt.UTC)
    except OverflowError as exc:
        raise BadRequest(f"The filter '#/{name}' must be a date between years 1 and 9999") from exc


def years(value: str | None, name: str = "cohort") -> list[int] | None:
    if value is None or value.strip() == "":
        return None
    message = f"The filter '#/{name}' must be a comma separated list of years"
    try:
        found = [int(v) for v in value.split(",") if v.strip()]
    except ValueError as exc:
        raise BadRequest(message) from exc
    if any(not 1900 <= year <= 9999 for year in found):
        raise BadRequest(message)
    return found


def ids(value: str | None, name: str) -> list[uuid.UUID] | None:
    """A comma separated list of record ids (``filter[participant_id]``); any other spelling is a 400."""
    if value is None or value.strip() == "":
        return None
    found = [parse_uuid(part) for part in value.split(",") if part.strip()]
    if any(part is None for part in found):
        raise BadRequest(f"The filter '#/{name}' must be a comma separated list of ids")
    return [part for part in found if part is not None]


def json_response(body: Any, status: int = 200) -> HttpResponse:
    response = HttpResponse(orjson.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


def envelope(data: Any, meta: dict[str, Any] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"data": data}
    if meta is not None:
        body["meta"] = meta
    return json_response(body)
