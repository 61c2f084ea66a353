"""A trigram index for the name search on the provider and DfE pages (PostgreSQL only).

``full_name__icontains`` becomes ``UPPER(full_name) LIKE UPPER('%text%')``, which no b-tree can
serve: at 40,000 people it read every row (75 ms, growing with the national table). A GIN trigram
index on the same expression lets PostgreSQL find the few matching people first
(benchmarks/README.md). SQLite (development and tests) has no pg_trgm and keeps scanning.
"""

from typing import Any

from django.db import migrations

INDEX = "people_user_full_name_trgm"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_user USING gin (UPPER(full_name) gin_trgm_ops)"
    )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0006_more_roles")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
