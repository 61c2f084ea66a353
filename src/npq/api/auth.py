"""Bearer-token authentication and the per-token rate limit.

``request.auth`` is the :class:`~npq.api.models.ApiToken`; ``request.auth.lead_provider`` is the
caller's provider, the key of every query (see :mod:`npq.api.scoping`).

Every request looks its token up (revocation and expiry count at once: nothing is cached) and
counts itself in the token's rate window. On PostgreSQL both are one statement, and its commit
does not wait for the write-ahead log to reach the disk (``synchronous_commit`` off for that
transaction only): waiting took 2.5 to 5 ms of every request, more while the disk was busy, and
was much of the tail (issue 19). What that risks is named here once: if the database server itself
crashes, the last fraction of a second of rate counts can be lost, so a token could make a few more
requests than its limit in that window. Nothing else is written with it; no record of the service
is ever committed this way (inside a surrounding transaction the statement leaves the setting
alone, so it cannot reach that transaction's writes).
"""

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest
from ninja.security import HttpBearer

from npq.api.errors import RateLimited
from npq.api.models import ApiToken
from npq.api.tokens import hash_token
from npq.reference.models import LeadProvider

LAST_USED_EVERY = dt.timedelta(minutes=1)
TOKEN_FIELDS = [f.attname for f in ApiToken._meta.concrete_fields]
PROVIDER_FIELDS = [f.attname for f in LeadProvider._meta.concrete_fields]


def _token_and_count_sql(durable: bool) -> str:
    """PostgreSQL: the token (with its provider) if it may be used now, and its request counted."""
    columns = [f't."{name}" AS t{i}' for i, name in enumerate(TOKEN_FIELDS)]
    columns += [f'p."{name}" AS p{i}' for i, name in enumerate(PROVIDER_FIELDS)]
    # set_config(..., true) lasts until this statement's own commit (autocommit): see the module's notes.
    relaxed = "" if durable else ", set_config('synchronous_commit', 'off', true)"
    return (
        f"WITH found AS (SELECT {', '.join(columns)} FROM api_apitoken t "  # noqa: S608 - the models' own columns
        "JOIN reference_leadprovider p ON p.id = t.lead_provider_id "
        "WHERE t.token_hash = %(hash)s AND t.revoked_at IS NULL "
        "AND (t.expires_at IS NULL OR t.expires_at > %(now)s)), "
        "counted AS (INSERT INTO api_ratewindow (token_id, window_start, count) "
        f"SELECT t{TOKEN_FIELDS.index('id')}, %(window)s, 1 FROM found "
        "ON CONFLICT (token_id, window_start) DO UPDATE SET count = api_ratewindow.count + 1 RETURNING count) "
        f"SELECT found.*, counted.count{relaxed} FROM found, counted"
    )


# In a transaction of the caller's (durable) or on its own, committed at once (relaxed).
TOKEN_AND_COUNT = {durable: _token_and_count_sql(durable) for durable in (True, False)}


def _window() -> tuple[int, int]:
    """The current fixed window's start and the seconds left in it, by the wall clock (not the sandbox
    clock, so moving the clock cannot dodge the limit)."""
    window = settings.NPQ_API_RATE_WINDOW_SECONDS
    now = int(time.time())
    start = now - now % window
    return start, start + window - now


def count_request(token_id: int) -> tuple[int, int]:
    """Count one request in the token's current fixed window; returns (count, seconds left)."""
    start, left = _window()
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO api_ratewindow (token_id, window_start, count) VALUES (%s, %s, 1) "
            "ON CONFLICT (token_id, window_start) DO UPDATE SET count = api_ratewindow.count + 1 "
            "RETURNING count",
            [token_id, start],
        )
        (count,) = cur.fetchone()
    return count, left


def find_and_count(token: str, now: dt.datetime) -> tuple[ApiToken | None, int, int]:
    """The usable token for ``token`` with its provider, and its request counted: (token, count, seconds
    left); (None, 0, 0) for a token unknown, revoked or expired (which is not counted)."""
    if connection.vendor != "postgresql":
        found = (
            ApiToken.objects.select_related("lead_provider")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .first()
        )
        return (found, *count_request(found.pk)) if found else (None, 0, 0)
    start, left = _window()
    with connection.cursor() as cur:
        cur.execute(
            TOKEN_AND_COUNT[connection.in_atomic_block],
            {"hash": hash_token(token), "now": now, "window": start},
        )
        row: Any = cur.fetchone()
    if row is None:
        return None, 0, 0
    found = ApiToken.from_db(connection.alias, TOKEN_FIELDS, row[: len(TOKEN_FIELDS)])
    found.lead_provider = LeadProvider.from_db(
        connection.alias, PROVIDER_FIELDS, row[len(TOKEN_FIELDS) : len(TOKEN_FIELDS) + len(PROVIDER_FIELDS)]
    )
    return found, row[len(TOKEN_FIELDS) + len(PROVIDER_FIELDS)], left


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        real_now = dt.datetime.now(dt.UTC)
        found, count, left = find_and_count(token, real_now)
        if found is None:
            return None
        if count > settings.NPQ_API_RATE_LIMIT:
            raise RateLimited(
                f"More than {settings.NPQ_API_RATE_LIMIT} requests in {settings.NPQ_API_RATE_WINDOW_SECONDS} "
                f"seconds with this token; try again in {max(left, 1)} seconds",
                retry_after=max(left, 1),
            )
        if found.last_used_at is None or found.last_used_at < real_now - LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=real_now)
        return found
