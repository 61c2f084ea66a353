"""People's scheduled job: sign-in codes past their expiry are deleted (only hashes, but no use)."""

from django.db import transaction

from npq.core import audit, clock, jobs, schedules
from npq.core.audit import Actor
from npq.people.models import OneTimeCode


@jobs.job("Delete expired sign-in codes")
def expire_sign_in_codes() -> int:
    now = clock.now()
    with transaction.atomic():
        count, _ = OneTimeCode.objects.filter(expires_at__lt=now).delete()
        if count:
            audit.record(
                Actor.job("expire sign-in codes"),
                "sign_in_codes.expired",
                object_type="people.onetimecode",
                object_id="*",
                after={"deleted": count},
            )
    return count


def register() -> None:
    schedules.register(
        schedules.Schedule(
            "people.expire_sign_in_codes", "Delete expired sign-in codes", expire_sign_in_codes, schedules.every(60)
        )
    )
