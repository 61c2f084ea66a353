"""The "Which NPQ is for me?" guide (pure): from a person's role and what they want to lead, one
or two courses to suggest, and whether the two overlap. Providers told the Department that people
were unsure whom each specialist NPQ is for, and that senior leaders responsible for behaviour
chose Senior leadership over Leading behaviour and culture (seed 003). The words are in
``npq.core.labels`` ("course_guide", "guide_overlap")."""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CLASSROOM_TEACHER = "classroom_teacher"
    MIDDLE_LEADER = "middle_leader"
    SENIOR_LEADER = "senior_leader"
    HEADTEACHER = "headteacher"
    EXECUTIVE_LEADER = "executive_leader"
    SENCO = "senco"
    EARLY_YEARS = "early_years"


class Focus(StrEnum):
    TEACHING = "teaching"
    TEACHER_DEVELOPMENT = "teacher_development"
    BEHAVIOUR = "behaviour"
    LITERACY = "literacy"
    MATHS = "maths"
    SEND = "send"
    WHOLE_SCHOOL = "whole_school"
    SEVERAL_SCHOOLS = "several_schools"
    EARLY_YEARS = "early_years"


SPECIALIST_BY_FOCUS = {
    Focus.TEACHING: "npq-leading-teaching",
    Focus.TEACHER_DEVELOPMENT: "npq-leading-teaching-development",
    Focus.BEHAVIOUR: "npq-leading-behaviour-culture",
    Focus.LITERACY: "npq-leading-literacy",
    Focus.MATHS: "npq-leading-primary-mathematics",
}
LEADERSHIP_BY_ROLE = {
    Role.SENIOR_LEADER: "npq-senior-leadership",
    Role.HEADTEACHER: "npq-headship",
    Role.EXECUTIVE_LEADER: "npq-executive-leadership",
}
WHOLE_SCHOOL_BY_ROLE = {
    Role.CLASSROOM_TEACHER: "npq-senior-leadership",
    Role.MIDDLE_LEADER: "npq-senior-leadership",
    Role.SENIOR_LEADER: "npq-senior-leadership",
    Role.SENCO: "npq-senior-leadership",
    Role.HEADTEACHER: "npq-headship",
    Role.EXECUTIVE_LEADER: "npq-executive-leadership",
    Role.EARLY_YEARS: "npq-early-years-leadership",
}


@dataclass(frozen=True)
class Suggestion:
    courses: tuple[str, ...]
    overlap: str = ""  # a key of labels "guide_overlap" when the two courses overlap


def suggest(role: str, focus: str) -> Suggestion:
    """One or two courses for a role and what the person wants to lead."""
    role_, focus_ = Role(role), Focus(focus)
    if focus_ in SPECIALIST_BY_FOCUS:
        specialist = SPECIALIST_BY_FOCUS[focus_]
        leadership = LEADERSHIP_BY_ROLE.get(role_)
        if leadership:  # a senior leader who leads one area: both fit, and they overlap
            return Suggestion((specialist, leadership), "specialist_or_leadership")
        return Suggestion((specialist,))
    if focus_ == Focus.SEND:
        if role_ in LEADERSHIP_BY_ROLE:
            return Suggestion(("npq-senco", LEADERSHIP_BY_ROLE[role_]), "senco_or_leadership")
        return Suggestion(("npq-senco",))
    if focus_ == Focus.EARLY_YEARS or role_ == Role.EARLY_YEARS:
        return Suggestion(("npq-early-years-leadership",))
    if focus_ == Focus.SEVERAL_SCHOOLS:
        return Suggestion(("npq-executive-leadership",))
    if role_ == Role.HEADTEACHER:
        return Suggestion(("npq-headship", "npq-early-headship-coaching-offer"), "headship_and_coaching")
    if role_ == Role.SENIOR_LEADER:
        return Suggestion(("npq-senior-leadership", "npq-headship"), "senior_or_headship")
    return Suggestion((WHOLE_SCHOOL_BY_ROLE[role_],))


def took_suggestion(suggested: list[str], course: str) -> bool | None:
    """Whether the course registered for was one the guide suggested (None: guide not used)."""
    return (course in suggested) if suggested else None
