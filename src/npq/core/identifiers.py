"""Reading record ids and writing timestamps the way the Lead Provider API contract spells them.

One place for both, so that every endpoint, page and CSV agrees: an id is a UUID in any of the
spellings Python accepts (surrounding spaces ignored), or a row id that fits its column; a
timestamp is UTC with milliseconds and a ``Z`` (``2021-05-31T02:21:32.000Z``).
"""

import datetime as dt
import uuid
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, TextField
from django.db.models.sql.compiler import SQLCompiler


def parse_uuid(value: object) -> uuid.UUID | None:
    """The UUID ``value`` spells, or ``None`` when it is not one (the caller says what that means)."""
    if value is None:
        return None
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        return None


MAX_ID = 2**63 - 1  # the largest id a database row can have (a signed 64-bit integer)


def parse_id(value: object) -> int | None:
    """The row id ``value`` spells (ASCII digits, 1 to ``MAX_ID``), or ``None`` when it is not one.

    ``str.isdigit`` is not enough: it accepts superscripts and other scripts' digits, and a number
    no column can hold reaches the database as an overflow instead of "no such record"."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def is_uuid(value: object) -> bool:
    return parse_uuid(value) is not None


def contract_timestamp(moment: dt.datetime | None) -> str | None:
    """``moment`` in UTC with milliseconds and ``Z``, as the contract writes every timestamp."""
    if moment is None:
        return None
    if moment.tzinfo is not dt.UTC:  # read from the database it is already UTC (a list formats thousands)
        moment = moment.astimezone(dt.UTC)
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"


class ContractTimestamp(Func):
    """A timestamp written by the database as :func:`contract_timestamp` writes it (milliseconds cut,
    not rounded), for lists of thousands: reading a timestamp into a datetime and formatting it again
    was a fifth of the time of a 1,000-row API page."""

    output_field = TextField()

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        # Stored as UTC text, "2021-05-31 02:21:32[.ffffff]" (no fraction when it is zero).
        sql, params = compiler.compile(self.source_expressions[0])
        text = (
            f"substr({sql}, 1, 10) || 'T' || substr({sql}, 12, 8) || '.' || substr(substr({sql}, 21) || '000', 1, 3)"
            " || 'Z'"
        )
        return text, [*params, *params, *params]
