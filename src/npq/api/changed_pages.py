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
instead of 1.3). So one statement decides from the data:

1. Probes count the rows of cheap index ranges that bound the changed records from above (the
   provider's applications changed, the people changed anywhere), each up to ``SET_CHEAP`` rows or
   the page's end if larger. If they hold fewer, the set is cheap (or the walk could not find the
   page) and the walk is not run: a poll with a recent date reads only the set, as before.
2. Otherwise it walks at most ``WALK`` times as many records as the page needs, and reads the set
   only if those did not hold the page. With an early date the walk finds the page in its first
   rows.

On PostgreSQL the parts not needed are not run at all (one-time filters on uncorrelated conditions).
"""

from typing import Any

from django.db.models import Case, Exists, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from npq.api.paging import PageRequest

SET_CHEAP = 5000  # changed records the set reads in about 10 ms at 250,000 applications
WALK = 1.25  # records walked for each record up to the end of the page: the walk finds pages where 80% changed


def flag(*conditions: Q | Exists) -> Case:
    """1 for a record that any of ``conditions`` matches, else 0 (an integer on every database). They are
    tried in order and the first that matches ends it: put the cheapest first, and make the others
    correlated subqueries (``Exists``) rather than joins, so a record that changed itself costs no lookup."""
    return Case(*(When(condition, then=Value(1)) for condition in conditions), default=Value(0))


def window(
    walk: QuerySet[Any], changed: QuerySet[Any], column: str, paged: PageRequest, probes: list[QuerySet[Any]]
) -> RawSQL:
    """The page's keys, as a subquery for ``pk__in`` / ``user_id__in``.

    ``walk``: the whole list in ascending ``column`` order, one row per key, with a ``changed``
    column (:func:`flag`, aggregated per key where a key has several rows). ``changed``: the set of
    changed keys, one column named ``column``, any order. ``probes``: index ranges whose rows
    together are at least the changed records.
    """
    end = paged.number * paged.per_page
    start = end - paged.per_page
    enough = max(end, SET_CHEAP)
    walk_sql, params = walk[: int(WALK * end)].query.sql_with_params()
    counted = []
    for probe in probes:
        probe_sql, probe_params = probe[:enough].query.sql_with_params()
        counted.append(f"(SELECT COUNT(*) FROM ({probe_sql}) p)")  # noqa: S608 - Django's own SQL
        params += probe_params
    set_sql, set_params = changed.order_by(column)[start:end].query.sql_with_params()
    sql = (
        f"WITH w AS (SELECT s.{column} AS k FROM ({walk_sql}) s WHERE s.changed = 1 "  # noqa: S608
        f"AND {' + '.join(counted)} >= %s ORDER BY s.{column} LIMIT %s) "  # Django's SQL, a column name
        "SELECT f.k FROM (SELECT k FROM w ORDER BY k LIMIT %s OFFSET %s) f WHERE (SELECT COUNT(*) FROM w) = %s "
        f"UNION ALL SELECT c.{column} FROM ({set_sql}) c WHERE (SELECT COUNT(*) FROM w) < %s"
    )
    # Only SQL Django compiled and a column name the caller names go into the text; values are parameters.
    return RawSQL(sql, (*params, enough, end, paged.per_page, start, end, *set_params, end))  # noqa: S611
