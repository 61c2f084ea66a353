"""A page of the records changed since a date (``filter[updated_since]``) at the cost of the page.

There are two ways to find page *k* of a provider's changed records in key order:

* **the set**: every changed key (a union of index scans), sorted, then the page. Cheap when few
  records changed, as in a poll every few minutes; but with an early date (a full sync by
  ``updated_since``) every record is in the set, and a page cost 90 to 145 ms at 250,000
  applications whatever its size;
* **the walk**: the provider's list in key order, each record flagged changed or not, and the page
  taken from the flagged ones. Cheap when most records changed; with a recent date it would read
  the whole list to find a handful.

Which is cheap depends on how many records changed, which the planner's statistics misjudge for
the most recent dates (250 changes were estimated as 3,613, and a plan built on that took 44 ms
instead of 1.3). So the data decides:

1. :func:`worth_walking` counts, in one small statement of hand-written SQL, the rows of index ranges
   that bound the changed records from above (the provider's applications changed, the people and
   participant-id changes anywhere), each up to ``SET_CHEAP`` rows or the page's end if larger. If
   they hold fewer, the set is cheap (or the walk could not find the page): the caller pages the
   set as before, and a poll with a recent date costs one small query more.
2. Otherwise :func:`window` walks at most ``WALK`` times as many records as the page needs and, in
   the same statement, reads the set only if those did not hold the page. With an early date the
   walk finds the page in its first rows.
"""

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Case, Exists, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from npq.api.paging import PageRequest
from npq.people.models import ParticipantIdChange, User
from npq.registration.models import Application

SET_CHEAP = 5000  # changed records the set reads in about 10 ms at 250,000 applications
WALK = 1.25  # records walked for each record up to the end of the page: the walk finds pages where 80% changed


def flag(*conditions: Q | Exists) -> Case:
    """1 for a record that any of ``conditions`` matches, else 0 (an integer on every database). They are
    tried in order and the first that matches ends it: put the cheapest first, and make the others
    correlated subqueries (``Exists``) rather than joins, so a record that changed itself costs no lookup."""
    return Case(*(When(condition, then=Value(1)) for condition in conditions), default=Value(0))


def worth_walking(provider_id: int, moment: dt.datetime, paged: PageRequest, merges: bool = False) -> bool:
    """Whether so many records may have changed since ``moment`` that walking the list could be cheaper
    than reading the set (``merges``: count participant-id changes too, as the participants list does)."""
    enough = max(paged.end, SET_CHEAP)
    applications, people, merged = (m._meta.db_table for m in (Application, User, ParticipantIdChange))
    sql = (  # index ranges only: (lead_provider, updated_at, id), the people's and the merges' dates
        f"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM {applications} "  # noqa: S608 - table names
        "WHERE lead_provider_id = %s AND updated_at >= %s LIMIT %s) a) "
        f"+ (SELECT COUNT(*) FROM (SELECT 1 FROM {people} WHERE updated_at >= %s LIMIT %s) b)"
    )
    params: list[Any] = [provider_id, moment, enough, moment, enough]
    if merges:
        sql += f" + (SELECT COUNT(*) FROM (SELECT 1 FROM {merged} WHERE changed_at >= %s LIMIT %s) c)"  # noqa: S608
        params += [moment, enough]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        (found,) = cur.fetchone()
    return bool(found >= enough)


def window(walk: QuerySet[Any], changed: QuerySet[Any], column: str, paged: PageRequest) -> RawSQL:
    """The page's keys, as a subquery for ``pk__in`` / ``user_id__in``: from the walk if it finds them,
    else from the set.

    ``walk``: the whole list in ascending ``column`` order, one row per key, with a ``changed``
    column (:func:`flag`, aggregated per key where a key has several rows). ``changed``: the set of
    changed keys, one column named ``column``, any order.
    """
    end = paged.end
    walk_sql, walk_params = walk[: int(WALK * end)].query.sql_with_params()
    set_sql, set_params = paged.window(changed.order_by(column)).query.sql_with_params()
    sql = (
        f"WITH w AS (SELECT s.{column} AS k FROM ({walk_sql}) s WHERE s.changed = 1 "  # noqa: S608
        f"ORDER BY s.{column} LIMIT %s) "  # Django's SQL and a column name; values are parameters
        "SELECT f.k FROM (SELECT k FROM w ORDER BY k LIMIT %s OFFSET %s) f WHERE (SELECT COUNT(*) FROM w) = %s "
        f"UNION ALL SELECT c.{column} FROM ({set_sql}) c WHERE (SELECT COUNT(*) FROM w) < %s"
    )
    return RawSQL(sql, (*walk_params, end, paged.per_page, paged.start, end, *set_params, end))  # noqa: S611
