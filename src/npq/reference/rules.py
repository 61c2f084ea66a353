"""Code sets of the reference data that rules in several apps share (pure: no Django, no I/O)."""

from enum import StrEnum


class DeclarationType(StrEnum):
    """The milestones a schedule allows a lead provider to declare, in order."""

    STARTED = "started"
    RETAINED_1 = "retained-1"
    RETAINED_2 = "retained-2"
    COMPLETED = "completed"


class CohortFunding(StrEnum):
    """How a cohort's places are funded."""

    ZERO = "zero"
    CAPPED = "capped"
    FULL = "full"
