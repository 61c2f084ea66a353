"""The API's scheduled job: tokens past ``expires_at`` are marked revoked, so the token pages say so."""

from django.db import transaction

from npq.api.models import ApiToken
from npq.core import audit, clock, jobs, schedules
from npq.core.audit import Actor


@jobs.job("Revoke expired API tokens")
def expire_api_tokens() -> int:
    now = clock.now()
    actor = Actor.job("expire API tokens")
    count = 0
    with transaction.atomic():
        for token in ApiToken.objects.select_for_update().filter(revoked_at__isnull=True, expires_at__lt=now):
            token.revoked_at, token.revoked_by = token.expires_at, "Expired"
            token.save(update_fields=["revoked_at", "revoked_by"])
            audit.record(actor, "api_token.expired", token, after={"revoked_at": token.revoked_at})
            count += 1
    return count


def register() -> None:
    schedules.register(
        schedules.Schedule("api.expire_tokens", "Revoke expired API tokens", expire_api_tokens, schedules.every(60))
    )
