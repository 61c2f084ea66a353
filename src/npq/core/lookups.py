"""``AnyOf(F("user_id"), ids)``: a column in a list of ids, as one array parameter on PostgreSQL.

``user_id__in=ids`` writes one placeholder per id; psycopg parses a statement that long again on
every execution (it caches only short ones), which for a page of 1,000 ids cost more than the
query. ``= ANY(%s)`` keeps the statement short and the same whatever the number of ids.
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup[Any]):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(v) for v in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
