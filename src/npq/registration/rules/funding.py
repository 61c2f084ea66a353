"""Funding eligibility for a registration, as pure functions over plain values.

A cohort's policy is chosen by its start year (``policy_for``). A policy is data (which courses
are PP50-only, which establishment types are eligible, ...) plus the rule function that applies
it; adding next year's policy means adding one ``Policy`` to ``POLICIES`` and, only if the
decision tree itself changes, one new function. Every decision carries a stable reason code
(the Department's ``funding_eligiblity_status_code`` values) and a plain-English explanation.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from npq.reference.rules import CohortFunding as CohortFunding  # defined in reference, named here too
from npq.registration.rules.courses import EHCO, NPQEYL, NPQH, NPQLTD, NPQSENCO, NPQSL, course_family
from npq.registration.rules.workplace import (
    CHILDMINDER_LIST,
    DISADVANTAGED_EARLY_YEARS,
    ELIGIBLE_ESTABLISHMENT_TYPES,
    LA_NURSERY_TYPE,
    LOCAL_AUTHORITY_NURSERY_LIST,
    PP50_FURTHER_EDUCATION,
    PP50_SCHOOL,
    REVIEWABLE_EMPLOYMENT,
    RISE_SCHOOL,
    SCHOOL_SETTINGS,
    Employment,
    Nursery,
    WorkSetting,
)


class Code(StrEnum):
    FUNDED = "funded"
    SUBJECT_TO_REVIEW = "subject_to_review"
    REFERRED_BY_RETURN_TO_TEACHING_ADVISER = "referred_by_return_to_teaching_adviser"
    UNFUNDED_COHORT = "unfunded_cohort"
    NOT_IN_ENGLAND = "not_in_england"
    PREVIOUSLY_FUNDED = "previously_funded"
    NOT_NEW_HEADTEACHER_REQUESTING_EHCO = "not_new_headteacher_requesting_ehco"
    NOT_ENTITLED_CHILDMINDER = "not_entitled_childminder"
    NOT_ENTITLED_EY_INSTITUTION = "not_entitled_ey_institution"
    EARLY_YEARS_INVALID_NPQ = "early_years_invalid_npq"
    INELIGIBLE_ESTABLISHMENT_TYPE = "ineligible_establishment_type"
    INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 = "ineligible_establishment_not_a_pp50"
    NOT_LEAD_MENTOR_COURSE = "not_lead_mentor_course"
    MARKED_FUNDED_BY_POLICY = "marked_funded_by_policy"
    MARKED_INELIGIBLE_BY_POLICY = "marked_ineligible_by_policy"


@dataclass(frozen=True)
class Circumstances:
    """Everything the funding decision depends on, gathered from the answers and the lists."""

    cohort_funding: CohortFunding
    in_england: bool
    work_setting: WorkSetting
    course: str
    previously_funded: bool = False
    kind_of_nursery: str = ""
    establishment_type_code: str = ""
    on_lists: frozenset[str] = field(default_factory=frozenset)
    employment_type: str = ""
    itt_provider_approved: bool = False
    referred_by_return_to_teaching_adviser: bool = False
    headteacher: bool = False
    new_headteacher: bool = False


@dataclass(frozen=True)
class Decision:
    code: Code
    explanation: str

    @property
    def funded(self) -> bool:
        return self.code in (Code.FUNDED, Code.MARKED_FUNDED_BY_POLICY)

    @property
    def subject_to_review(self) -> bool:
        return self.code in (Code.SUBJECT_TO_REVIEW, Code.REFERRED_BY_RETURN_TO_TEACHING_ADVISER)


EXPLANATIONS: dict[Code, str] = {
    Code.FUNDED: "You are likely to be eligible for scholarship funding for this course. Your lead provider "
    "confirms funding when they accept your application.",
    Code.SUBJECT_TO_REVIEW: "The Department needs to check your circumstances before deciding on funding. "
    "We will email you when a decision has been made.",
    Code.REFERRED_BY_RETURN_TO_TEACHING_ADVISER: "Because a return to teaching adviser referred you, the "
    "Department will review your funding. We will email you when a decision has been made.",
    Code.UNFUNDED_COHORT: "There is no scholarship funding for courses starting in this cohort. You can still "
    "register if your school, trust or you will pay.",
    Code.NOT_IN_ENGLAND: "Scholarship funding is only for people working in England.",
    Code.PREVIOUSLY_FUNDED: "You have already had scholarship funding for this course, so you cannot be funded "
    "for it again.",
    Code.NOT_NEW_HEADTEACHER_REQUESTING_EHCO: "The Early headship coaching offer is funded for headteachers in "
    "their first 5 years of headship only.",
    Code.NOT_ENTITLED_CHILDMINDER: "Childminders are funded for the Early years leadership NPQ only when they are "
    "on the Department's list of eligible childminders.",
    Code.NOT_ENTITLED_EY_INSTITUTION: "For courses starting in this cohort, the Early years leadership NPQ is "
    "funded only in early years settings on the Department's list of disadvantaged early years settings. "
    "Your setting is not on it.",
    Code.EARLY_YEARS_INVALID_NPQ: "In early years settings, this course is not funded. Local authority maintained "
    "nursery schools are funded for some leadership courses only.",
    Code.INELIGIBLE_ESTABLISHMENT_TYPE: "Your workplace is not a type of organisation that gets scholarship "
    "funding for NPQs.",
    Code.INELIGIBLE_ESTABLISHMENT_NOT_A_PP50: "This course is funded only for people working in the schools and "
    "colleges with the most pupils eligible for pupil premium (the PP50 lists). Your workplace is not on them.",
    Code.NOT_LEAD_MENTOR_COURSE: "Lead mentors for initial teacher training providers are funded for the Leading "
    "teacher development NPQ only.",
    Code.MARKED_FUNDED_BY_POLICY: "The Department reviewed your circumstances and decided that you are eligible "
    "for scholarship funding.",
    Code.MARKED_INELIGIBLE_BY_POLICY: "The Department reviewed your circumstances and decided that you are not "
    "eligible for scholarship funding.",
}


def decide(code: Code) -> Decision:
    return Decision(code, EXPLANATIONS[code])


@dataclass(frozen=True)
class Policy:
    """One year's funding policy: the data, and the function that applies it."""

    name: str
    first_cohort_year: int
    pp50_only_courses: frozenset[str]
    la_nursery_courses: frozenset[str]
    eligible_establishment_types: frozenset[str]
    early_years_lists_required: bool
    assess: Callable[["Policy", Circumstances], Decision]
    # Courses that people employed in "another setting" (hospital school, virtual school...) may
    # have reviewed by the Department; any other course is not funded for them.
    review_courses: frozenset[str] = frozenset({NPQH, NPQSENCO, NPQSL})


def _common_checks(c: Circumstances) -> Decision | None:
    if c.cohort_funding == CohortFunding.ZERO:
        return decide(Code.UNFUNDED_COHORT)
    if not c.in_england:
        return decide(Code.NOT_IN_ENGLAND)
    if c.previously_funded:
        return decide(Code.PREVIOUSLY_FUNDED)
    if course_family(c.course) == EHCO:
        return decide(Code.FUNDED if c.headteacher and c.new_headteacher else Code.NOT_NEW_HEADTEACHER_REQUESTING_EHCO)
    return None


def _la_nursery_with_list(policy: Policy, c: Circumstances) -> Decision | None:
    """A local authority nursery school where the lists are required: a course it may not take is
    not funded; one on the nursery list is funded; otherwise the other rules decide (None)."""
    if c.establishment_type_code != LA_NURSERY_TYPE:
        return None
    if c.course not in policy.la_nursery_courses:
        return decide(Code.EARLY_YEARS_INVALID_NPQ)
    return decide(Code.FUNDED) if LOCAL_AUTHORITY_NURSERY_LIST in c.on_lists else None


def _early_years_with_lists(policy: Policy, c: Circumstances) -> Decision:
    """Before the 2026 change: every early years setting, a pre-school class in a school included,
    had to be on a list (dfe-service-rules §2.3, history)."""
    la_nursery = _la_nursery_with_list(policy, c)
    if la_nursery is not None:
        return la_nursery
    if c.establishment_type_code == LA_NURSERY_TYPE:
        return decide(Code.INELIGIBLE_ESTABLISHMENT_TYPE)  # a listed course, but not on the nursery list
    if c.course != NPQEYL:
        return decide(Code.EARLY_YEARS_INVALID_NPQ)
    if c.kind_of_nursery == Nursery.CHILDMINDER:
        return decide(Code.FUNDED if CHILDMINDER_LIST in c.on_lists else Code.NOT_ENTITLED_CHILDMINDER)
    return decide(Code.FUNDED if DISADVANTAGED_EARLY_YEARS in c.on_lists else Code.NOT_ENTITLED_EY_INSTITUTION)


def _early_years(policy: Policy, c: Circumstances) -> Decision:
    if policy.early_years_lists_required:
        return _early_years_with_lists(policy, c)
    if c.course == NPQEYL:
        if c.kind_of_nursery == Nursery.CHILDMINDER:
            return decide(Code.FUNDED if CHILDMINDER_LIST in c.on_lists else Code.NOT_ENTITLED_CHILDMINDER)
        return decide(Code.FUNDED)
    if c.establishment_type_code == LA_NURSERY_TYPE and c.course in policy.la_nursery_courses:
        return decide(Code.FUNDED)
    return decide(Code.EARLY_YEARS_INVALID_NPQ)


def _on_pp50_list(c: Circumstances) -> bool:
    """A 16 to 19 setting is read on the further-education list (by UKPRN) only; every other school
    setting on the schools list (by URN) only."""
    if c.work_setting == WorkSetting.A_16_TO_19_EDUCATIONAL_SETTING:
        return PP50_FURTHER_EDUCATION in c.on_lists
    return PP50_SCHOOL in c.on_lists


def _school(policy: Policy, c: Circumstances) -> Decision:
    if RISE_SCHOOL in c.on_lists:
        return decide(Code.FUNDED)
    if c.establishment_type_code not in policy.eligible_establishment_types:
        return decide(Code.INELIGIBLE_ESTABLISHMENT_TYPE)
    if c.course not in policy.pp50_only_courses:
        return decide(Code.FUNDED)
    if policy.early_years_lists_required:
        la_nursery = _la_nursery_with_list(policy, c)
        if la_nursery is not None:
            return la_nursery
    return decide(Code.FUNDED if _on_pp50_list(c) else Code.INELIGIBLE_ESTABLISHMENT_NOT_A_PP50)


def _another_setting(policy: Policy, c: Circumstances) -> Decision:
    if c.employment_type == Employment.LEAD_MENTOR:
        if c.course != NPQLTD:
            return decide(Code.NOT_LEAD_MENTOR_COURSE)
        return decide(Code.FUNDED if c.itt_provider_approved else Code.INELIGIBLE_ESTABLISHMENT_TYPE)
    if c.employment_type in REVIEWABLE_EMPLOYMENT and c.course in policy.review_courses:
        return decide(Code.SUBJECT_TO_REVIEW)
    return decide(Code.INELIGIBLE_ESTABLISHMENT_TYPE)


def assess_by_setting(policy: Policy, c: Circumstances) -> Decision:
    """The decision tree used by the 2025 and 2026 policies (dfe-service-rules §2.3)."""
    common = _common_checks(c)
    if common is not None:
        return common
    if c.work_setting == WorkSetting.EARLY_YEARS_OR_CHILDCARE:
        return _early_years(policy, c)
    if c.work_setting in SCHOOL_SETTINGS:
        return _school(policy, c)
    if c.work_setting == WorkSetting.ANOTHER_SETTING:
        return _another_setting(policy, c)
    if c.referred_by_return_to_teaching_adviser:
        return decide(Code.REFERRED_BY_RETURN_TO_TEACHING_ADVISER)
    return decide(Code.INELIGIBLE_ESTABLISHMENT_TYPE)


_SPECIALIST_PP50 = frozenset(
    {
        "npq-leading-primary-mathematics",
        "npq-leading-behaviour-culture",
        "npq-leading-literacy",
        "npq-leading-teaching",
        "npq-leading-teaching-development",
        "npq-executive-leadership",
    }
)

POLICIES: tuple[Policy, ...] = (
    Policy(
        name="2025 funding policy",
        first_cohort_year=2025,
        pp50_only_courses=_SPECIALIST_PP50 | {NPQSL, NPQEYL},
        la_nursery_courses=frozenset({NPQSENCO, NPQH, NPQEYL}),
        eligible_establishment_types=ELIGIBLE_ESTABLISHMENT_TYPES,
        early_years_lists_required=True,
        assess=assess_by_setting,
        review_courses=frozenset({NPQH, NPQSENCO}),
    ),
    Policy(
        name="2026 funding policy",
        first_cohort_year=2026,
        pp50_only_courses=_SPECIALIST_PP50,
        la_nursery_courses=frozenset({NPQSENCO, NPQH, NPQSL}),
        eligible_establishment_types=ELIGIBLE_ESTABLISHMENT_TYPES,
        early_years_lists_required=False,
        assess=assess_by_setting,
    ),
)


class NoPolicy(ValueError):
    """No funding policy is recorded for the cohort's year."""


def policy_for(cohort_start_year: int, policies: tuple[Policy, ...] = POLICIES) -> Policy:
    """The newest policy that applies from the cohort's start year or earlier."""
    candidates = [p for p in policies if p.first_cohort_year <= cohort_start_year]
    if not candidates:
        raise NoPolicy(f"No funding policy is recorded for cohorts starting in {cohort_start_year}")
    return max(candidates, key=lambda p: p.first_cohort_year)


def assess_funding(cohort_start_year: int, c: Circumstances) -> Decision:
    policy = policy_for(cohort_start_year)
    return policy.assess(policy, c)


def review_outcome(current: Decision, funded: bool) -> Decision:
    """The Department's decision on a case that was subject to review."""
    if not current.subject_to_review:
        raise ValueError(f"Only cases subject to review get a review decision, not {current.code}")
    return decide(Code.MARKED_FUNDED_BY_POLICY if funded else Code.MARKED_INELIGIBLE_BY_POLICY)


def funding_choices(work_setting: str, in_england: bool) -> list[str]:
    """Who can pay when the course is not funded: a trust only for school settings in England."""
    choices = ["school", "trust", "self", "another"]
    if not (in_england and work_setting in SCHOOL_SETTINGS):
        choices.remove("trust")
    return choices
