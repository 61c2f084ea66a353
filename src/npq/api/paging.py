"""Envelopes, page numbers, cursors, sorting and date filters, as the contract defines them.

* ``page[page]`` (from 1) and ``page[per_page]`` (default 100, capped at 3000): "countless" paging,
  past the end is an empty list.
* ``page[cursor]``: our addition for gap-free sync; see :mod:`npq.api.changefeed`.
* ``sort=created_at,-updated_at``: unknown columns are ignored; ties broken by id. Without ``sort``
  records come in creation order (by id, which the database indexes).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson
from django.db.models import QuerySet
from django.http import HttpResponse

from npq.api.errors import BadRequest

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 3000
PAGE_MESSAGE = "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number"


@dataclass(frozen=True)
class PageRequest:
    number: int
    per_page: int
    cursor: str | None

    def slice(self, queryset: QuerySet[Any]) -> list[Any]:
        start = (self.number - 1) * self.per_page
        return list(queryset[start : start + self.per_page])


def _positive(value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise BadRequest(PAGE_MESSAGE) from exc
    if number < 1:
        raise BadRequest(PAGE_MESSAGE)
    return number


def page_request(page: str | None, per_page: str | None, cursor: str | None = None) -> PageRequest:
    return PageRequest(_positive(page, 1), min(_positive(per_page, DEFAULT_PER_PAGE), MAX_PER_PAGE), cursor)


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
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def years(value: str | None, name: str = "cohort") -> list[int] | None:
    if value is None or value.strip() == "":
        return None
    try:
        return [int(v) for v in value.split(",") if v.strip()]
    except ValueError as exc:
        raise BadRequest(f"The filter '#/{name}' must be a comma separated list of years") from exc


def json_response(body: Any, status: int = 200) -> HttpResponse:
    response = HttpResponse(orjson.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


def envelope(data: Any, meta: dict[str, Any] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"data": data}
    if meta is not None:
        body["meta"] = meta
    return json_response(body)
