"""Bearer-token authentication and the per-token rate limit.

``request.auth`` is the :class:`~npq.api.models.ApiToken`; ``request.auth.lead_provider`` is the
caller's provider, the key of every query (see :mod:`npq.api.scoping`).
"""

import datetime as dt
import time

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest
from ninja.security import HttpBearer

from npq.api.errors import RateLimited
from npq.api.models import ApiToken
from npq.api.tokens import hash_token

LAST_USED_EVERY = dt.timedelta(minutes=1)


def count_request(token_id: int) -> tuple[int, int]:
    """Count one request in the token's current fixed window; returns (count, seconds left).

    Uses the wall clock, not the sandbox clock, so moving the clock cannot dodge the limit."""
    window = settings.NPQ_API_RATE_WINDOW_SECONDS
    now = int(time.time())
    start = now - now % window
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO api_ratewindow (token_id, window_start, count) VALUES (%s, %s, 1) "
            "ON CONFLICT (token_id, window_start) DO UPDATE SET count = api_ratewindow.count + 1 "
            "RETURNING count",
            [token_id, start],
        )
        (count,) = cur.fetchone()
    return count, start + window - now


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        real_now = dt.datetime.now(dt.UTC)
        found = (
            ApiToken.objects.select_related("lead_provider")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=real_now))
            .first()
        )
        if found is None:
            return None
        count, left = count_request(found.pk)
        if count > settings.NPQ_API_RATE_LIMIT:
            raise RateLimited(
                f"More than {settings.NPQ_API_RATE_LIMIT} requests in {settings.NPQ_API_RATE_WINDOW_SECONDS} "
                f"seconds with this token; try again in {max(left, 1)} seconds",
                retry_after=max(left, 1),
            )
        if found.last_used_at is None or found.last_used_at < real_now - LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=real_now)
        return found
