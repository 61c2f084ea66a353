"""Registration use cases. Each public function runs in one transaction with an audit event."""

from npq.registration.services.caps import (
    CapCount,
    FundedPlaceCapReached,
    check_funded_place_available,
    funded_place_counts,
    set_funded_place_cap,
)
from npq.registration.services.date_of_birth import (
    DateOfBirthResult,
    check_date_of_birth,
    date_of_birth_locked_until,
)
from npq.registration.services.drafts import load_answers, save_answers
from npq.registration.services.registrations import (
    DuplicateRegistration,
    change_registration,
    existing_registration,
    live_registrations,
    submit_registration,
    withdraw_registration,
)
from npq.registration.services.review import (
    UploadedFile,
    add_review_entry,
    entries_for_person,
    reply_to_review,
    review_queue,
)

__all__ = [
    "CapCount",
    "DateOfBirthResult",
    "DuplicateRegistration",
    "FundedPlaceCapReached",
    "UploadedFile",
    "add_review_entry",
    "change_registration",
    "check_date_of_birth",
    "check_funded_place_available",
    "date_of_birth_locked_until",
    "entries_for_person",
    "existing_registration",
    "funded_place_counts",
    "live_registrations",
    "load_answers",
    "reply_to_review",
    "review_queue",
    "save_answers",
    "set_funded_place_cap",
    "submit_registration",
    "withdraw_registration",
]
