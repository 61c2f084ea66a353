"""Checks on what a person types (TRN, dates) and on the date of birth a returning person on a
shared mailbox gives before their stored details are shown."""

import datetime as dt
import re
from enum import StrEnum

_TRN = re.compile(r"^\d{7}$")


def trn_problem(value: str) -> str | None:
    """Why a teacher reference number is not acceptable, or None. Spaces and 'RP' are allowed."""
    cleaned = clean_trn(value)
    if not cleaned:
        return "Enter your teacher reference number (TRN)"
    if not _TRN.match(cleaned):
        return "Your teacher reference number (TRN) must be 7 digits, like 1234567"
    if cleaned == "0000000":
        return "Enter a real teacher reference number (TRN): 0000000 is not one"
    return None


def trn_validated(stored: str) -> bool:
    """Whether a stored TRN passed the one check this service makes, the same check as the TRN
    question: 7 digits (not 0000000), stored in that clean form. A value that reached the record
    some other way (``RP99/12345``, blank) was never checked. There is no Teaching Record System
    lookup, so this says the TRN is well formed, not that it is this person's."""
    return bool(stored) and clean_trn(stored) == stored and trn_problem(stored) is None


def clean_trn(value: str) -> str:
    value = value.strip().upper().replace(" ", "").replace("-", "").replace("/", "")
    return value[2:] if value.startswith("RP") else value


def date_of_birth_problem(born: dt.date | None, today: dt.date) -> str | None:
    if born is None:
        return "Enter your date of birth"
    if born > today:
        return "Your date of birth must be in the past"
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < 18:
        return "You must be 18 or older to register for an NPQ: check your date of birth"
    if age > 100:
        return "Your date of birth must be after " + dt.date(today.year - 100, 1, 1).strftime("%-d %B %Y")
    return None


def senco_start_problem(started: dt.date | None, today: dt.date) -> str | None:
    if started is None:
        return "Enter the date you started as a SENCO"
    if started < dt.date(1960, 1, 1):
        return "The date you started as a SENCO must be after 1 January 1960"
    if started > today:
        return "The date you started as a SENCO must be today or in the past"
    return None


# --- Returning on a shared mailbox ---------------------------------------------------------------

MAX_WRONG_DATES_OF_BIRTH = 5
WRONG_DATE_OF_BIRTH_WINDOW = dt.timedelta(hours=1)


class DateOfBirthCheck(StrEnum):
    MATCHED = "matched"
    WRONG = "wrong"
    LOCKED = "locked"


def assess_date_of_birth(
    given: dt.date, stored: dt.date, wrong_recently: int, limit: int = MAX_WRONG_DATES_OF_BIRTH
) -> DateOfBirthCheck:
    """Whether a returning person may see their stored details. Once ``limit`` wrong dates have
    been entered within the window, even the right date is refused until the window passes, so
    someone sharing the mailbox cannot keep guessing."""
    if wrong_recently >= limit:
        return DateOfBirthCheck.LOCKED
    return DateOfBirthCheck.MATCHED if given == stored else DateOfBirthCheck.WRONG


def date_of_birth_locked_until(
    wrong_times: list[dt.datetime],
    limit: int = MAX_WRONG_DATES_OF_BIRTH,
    window: dt.timedelta = WRONG_DATE_OF_BIRTH_WINDOW,
) -> dt.datetime | None:
    """When the check opens again, given the times of the wrong dates within the window (None if
    it is open): as soon as fewer than ``limit`` of them remain inside the window."""
    if len(wrong_times) < limit:
        return None
    newest_first = sorted(wrong_times, reverse=True)
    return newest_first[limit - 1] + window
