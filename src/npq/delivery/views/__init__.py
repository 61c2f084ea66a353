"""Delivery pages: cohorts of delivery, sessions and attendance, the leadership-behaviours
self-evaluation with 360° feedback, and formative checkpoints."""

from npq.delivery.views.cohorts import (
    cohort_detail,
    cohort_edit,
    cohort_list,
    cohort_new,
    participants,
    remove_participant,
)
from npq.delivery.views.growth import checkpoint_detail, checkpoint_new, feedback, self_evaluation
from npq.delivery.views.sessions import session_cancel, session_detail, session_edit, session_new

__all__ = [
    "checkpoint_detail",
    "checkpoint_new",
    "cohort_detail",
    "cohort_edit",
    "cohort_list",
    "cohort_new",
    "feedback",
    "participants",
    "remove_participant",
    "self_evaluation",
    "session_cancel",
    "session_detail",
    "session_edit",
    "session_new",
]
