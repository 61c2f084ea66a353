"""The date-of-birth check a returning person passes before their stored details are shown.

A school office mailbox used by several colleagues must not show one person's registration to
another, nor become a way to guess a date of birth: each wrong date is recorded and audited, and
after ``rules.MAX_WRONG_DATES_OF_BIRTH`` within the hour the check refuses every date until the
hour has passed.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from npq.core import audit, clock
from npq.people.models import User
from npq.registration import rules
from npq.registration.models import DateOfBirthFailure


@dataclass(frozen=True)
class DateOfBirthResult:
    outcome: rules.DateOfBirthCheck
    tries_left: int
    locked_until: dt.datetime | None


def _recent_failures(user: User) -> list[dt.datetime]:
    since = clock.now() - rules.WRONG_DATE_OF_BIRTH_WINDOW
    return list(
        DateOfBirthFailure.objects.filter(user=user, entered_at__gt=since)
        .order_by("-entered_at")
        .values_list("entered_at", flat=True)[: rules.MAX_WRONG_DATES_OF_BIRTH]
    )


def date_of_birth_locked_until(user: User) -> dt.datetime | None:
    """When the check opens again for this person, or None if it is open now."""
    return rules.date_of_birth_locked_until(_recent_failures(user))


def check_date_of_birth(user: User, given: dt.date) -> DateOfBirthResult:
    """Compare a typed date of birth with the stored one, recording and auditing a wrong one."""
    if user.date_of_birth is None:
        raise ValueError(f"User {user.pk} has no stored date of birth to check against")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # one check at a time per person
        recent = _recent_failures(user)
        outcome = rules.assess_date_of_birth(given, user.date_of_birth, len(recent))
        if outcome == rules.DateOfBirthCheck.WRONG:
            now = clock.now()
            DateOfBirthFailure.objects.create(user=user, entered_at=now)
            recent = [now, *recent]
            actor = audit.Actor.person(user)
            audit.record(actor, "user.date_of_birth_refused", user, after={"wrong_in_the_last_hour": len(recent)})
            locked_until = rules.date_of_birth_locked_until(recent)
            if locked_until is not None:
                audit.record(actor, "user.date_of_birth_check_locked", user, after={"until": locked_until})
        locked_until = rules.date_of_birth_locked_until(recent)
    return DateOfBirthResult(outcome, max(rules.MAX_WRONG_DATES_OF_BIRTH - len(recent), 0), locked_until)
