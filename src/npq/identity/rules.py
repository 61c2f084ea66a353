"""When two person records may be merged (pure: no Django, no clock, no I/O).

A merge retires one participant id (``from``) in favour of another (``to``). It is refused when
the two are the same record, when either is not a participant or was already retired, when
their verified TRNs differ (two teachers, not one), when both hold a live accepted application
for the same course family in the same cohort (the kept person would be enrolled twice), and
when participant records elsewhere (delivery, assessment) would collide.
"""

from __future__ import annotations

from dataclasses import dataclass

from npq.training.rules import same_family

Problem = tuple[str, str]
Enrolment = tuple[str, str]  # (course identifier, cohort identifier) of a live accepted application


@dataclass(frozen=True)
class Side:
    participant_id: str
    is_participant: bool
    retired: bool  # closed, or its id already retired by an earlier merge
    trn: str
    enrolments: tuple[Enrolment, ...]


@dataclass(frozen=True)
class MergeCase:
    retiring: Side
    keeping: Side
    clashes: tuple[str, ...] = ()  # labels of records both people hold that cannot be combined


def merge_problems(case: MergeCase) -> list[Problem]:
    old, new = case.retiring, case.keeping
    if old.participant_id == new.participant_id:
        return [("to_participant_id", f"Choose two different participants: both ids are {old.participant_id}")]
    problems: list[Problem] = []
    for field, side in (("from_participant_id", old), ("to_participant_id", new)):
        if not side.is_participant:
            problems.append((field, f"{side.participant_id} is a staff account, not a participant"))
        if side.retired:
            problems.append((field, f"{side.participant_id} was already retired by an earlier merge or closed"))
    if old.trn and new.trn and old.trn != new.trn:
        problems.append(
            ("from_participant_id", f"The two people have different TRNs ({old.trn} and {new.trn}): they are not one")
        )
    for course, cohort in old.enrolments:
        for other_course, other_cohort in new.enrolments:
            if cohort == other_cohort and same_family(course, other_course):
                problems.append(
                    (
                        "from_participant_id",
                        f"Both people hold an accepted {course} application in cohort {cohort}; "
                        "only one can continue, so withdraw the other first",
                    )
                )
    problems.extend(
        ("from_participant_id", f"Both people have {label}; resolve it before merging") for label in case.clashes
    )
    return problems
