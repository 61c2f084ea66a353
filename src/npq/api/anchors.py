"""Deep page numbers without counting from the first record (issue 19).

``page[page]=400`` in a provider's default order would make the database step over 39,900 index
entries before the page starts. Instead each list keeps, per provider, every ``EVERY``-th key of that
order (:class:`~npq.api.models.PageIndex`): a page starting at record 39,900 starts after the key
of record 39,000 and steps over 900.

Stored keys are right only while the list is unchanged. Every change that can add, remove or move
a record of these lists (an application saved, accepted, moved to another person) appends a
change-feed event for the provider in the writing transaction (:mod:`npq.api.changefeed`), so keys
built at the feed's horizon ``h`` (every event up to ``h`` committed, every later writer's event
above it) describe the list exactly while the provider has no event after ``h``. The keys are
read with the provider's latest event in one statement; if any event is newer the page is served
by plain counting, and the keys are built again, at most once every ``REBUILD_AFTER`` per list, so
a provider changing records all day costs a rebuild every few seconds, not one per request.

This rests on one fact of the service: an application never moves from one provider to another
(no service does it; a change of provider is a new application). A move would append its event
for the new provider only, and the old provider's stored keys would stay valid while wrong.
Only the whole list in its default order uses stored keys; filtered and sorted pages are counted.
"""

import datetime as dt
from typing import Any

import orjson
from django.db import connection
from django.db.models import QuerySet

from npq.api import changefeed
from npq.api.models import PageIndex
from npq.api.paging import PageRequest
from npq.core import clock

EVERY = 1000
REBUILD_AFTER = dt.timedelta(seconds=10)

_READ = (
    "SELECT (SELECT COALESCE(MAX(e.id), 0) FROM api_changeevent e WHERE e.lead_provider_id = %s), "
    "i.version, i.keys, i.built_at FROM (SELECT 1 AS one) o "
    "LEFT JOIN api_pageindex i ON i.lead_provider_id = %s AND i.list_name = %s"
)


def window(provider_id: int, name: str, keys: QuerySet[Any], column: str, paged: PageRequest) -> QuerySet[Any]:
    """The page of ``keys`` (one column, ``column``, in ascending order; not yet run), from the
    nearest stored key when the page starts at or past ``EVERY`` records."""
    if paged.start < EVERY:
        return paged.window(keys)
    stored = _stored_keys(provider_id, name, keys, column)
    blocks = min(paged.start // EVERY, len(stored))
    if not blocks:
        return paged.window(keys)
    skip = paged.start - blocks * EVERY
    after = keys.filter(**{f"{column}__gt": stored[blocks - 1]})
    return after[skip : skip + paged.per_page]


def _stored_keys(provider_id: int, name: str, keys: QuerySet[Any], column: str) -> list[Any]:
    with connection.cursor() as cur:
        cur.execute(_READ, [provider_id, provider_id, name])
        latest, version, text, built_at = cur.fetchone()
    if version is not None and latest <= version:
        return list(orjson.loads(text))
    if built_at is not None and not _stale(built_at):
        return []  # rebuilt moments ago and changed since: count this time
    return build(provider_id, name, keys, column)


def _stale(built_at: Any) -> bool:
    moment: dt.datetime = dt.datetime.fromisoformat(built_at) if isinstance(built_at, str) else built_at
    if moment.tzinfo is None:  # SQLite hands raw SQL the stored text, in UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return abs(clock.now() - moment) >= REBUILD_AFTER


def build(provider_id: int, name: str, keys: QuerySet[Any], column: str) -> list[Any]:
    """Store every ``EVERY``-th key of ``keys`` for ``provider_id`` and return them ([] if writers are busy)."""
    top = changefeed.horizon()
    if top is None:
        return []
    inner, params = keys.order_by().values_list(column, flat=True).query.sql_with_params()
    sql = (
        f"SELECT k FROM (SELECT s.{column} AS k, ROW_NUMBER() OVER (ORDER BY s.{column}) AS n "  # noqa: S608
        f"FROM ({inner}) s) t WHERE n %% {EVERY} = 0 ORDER BY k"  # a column name and Django's own SQL
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)
        found = [row[0] for row in cur.fetchall()]
    PageIndex.objects.bulk_create(
        [
            PageIndex(
                lead_provider_id=provider_id,
                list_name=name,
                version=top,
                keys=orjson.dumps(found).decode(),
                built_at=clock.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["lead_provider_id", "list_name"],
        update_fields=["version", "keys", "built_at"],
    )
    return found
