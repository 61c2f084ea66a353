"""Funding eligibility for a registration, as pure functions over plain values.

A cohort's policy is chosen by its start year (``policy_for``). A policy is data (which courses
are PP50-only, which establishment types are eligible, ...) plus the rule function that applies
it; adding next year's policy means adding one ``Policy`` to ``POLICIES`` and, only if the
decision tree itself changes, one new function. Every decision carries a stable reason code
(the Department's ``funding_eligiblity_status_code`` values) and a plain-English explanation.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Code(StrEnum):
    FUNDED = "funded"
    SUBJECT_TO_REVIEW = "subject_to_review"
    REFERRED_BY_RETURN_TO_TEACHING_ADVISER = "referred_by_return_to_teaching_adviser"
    UNFUNDED_COHORT = "unfunded_cohort"
    NOT_IN_ENGLAND = "not_in_england"
    PREVIOUSLY_FUNDED = "previously_funded"
    NOT_NEW_HEADTEACHER_REQUESTING_EHCO = "not_new_headteacher_requesting_ehco"
    NOT_ENTITLED_CHILDMINDER = "not_entitled_childminder"
    EARLY_YEARS_INVALID_NPQ = "early_years_invalid_npq"
    INELIGIBLE_ESTABLISHMENT_TYPE = "ineligible_establishment_type"
    INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 = "ineligible_establishment_not_a_pp50"
    NOT_LEAD_MENTOR_COURSE = "not_lead_mentor_course"
    MARKED_FUNDED_BY_POLICY = "marked_funded_by_policy"
    MARKED_INELIGIBLE_BY_POLICY = "marked_ineligible_by_policy"


class CohortFunding(StrEnum):
    ZERO = "zero"
    CAPPED = "capped"
    FULL = "full"


class WorkSetting(StrEnum):
    EARLY_YEARS_OR_CHILDCARE = "early_years_or_childcare"
    A_SCHOOL = "a_school"
    AN_ACADEMY_TRUST = "an_academy_trust"
    A_16_TO_19_EDUCATIONAL_SETTING = "a_16_to_19_educational_setting"
    ANOTHER_SETTING = "another_setting"
    OTHER = "other"


SCHOOL_SETTINGS = frozenset(
    {WorkSetting.A_SCHOOL, WorkSetting.AN_ACADEMY_TRUST, WorkSetting.A_16_TO_19_EDUCATIONAL_SETTING}
)


class Nursery(StrEnum):
    LOCAL_AUTHORITY_MAINTAINED = "local_authority_maintained_nursery"
    PRESCHOOL_CLASS_IN_SCHOOL = "preschool_class_as_part_of_school"
    PRIVATE = "private_nursery"
    CHILDMINDER = "childminder"
    ANOTHER = "another_early_years_setting"


PUBLIC_NURSERIES = frozenset({Nursery.LOCAL_AUTHORITY_MAINTAINED, Nursery.PRESCHOOL_CLASS_IN_SCHOOL})


class Employment(StrEnum):
    LEAD_MENTOR = "lead_mentor_for_accredited_itt_provider"
    LOCAL_AUTHORITY_VIRTUAL_SCHOOL = "local_authority_virtual_school"
    HOSPITAL_SCHOOL = "hospital_school"
    YOUNG_OFFENDER_INSTITUTION = "young_offender_institution"
    LOCAL_AUTHORITY_SUPPLY_TEACHER = "local_authority_supply_teacher"


REVIEWABLE_EMPLOYMENT = frozenset(
    {
        Employment.LOCAL_AUTHORITY_VIRTUAL_SCHOOL,
        Employment.HOSPITAL_SCHOOL,
        Employment.YOUNG_OFFENDER_INSTITUTION,
        Employment.LOCAL_AUTHORITY_SUPPLY_TEACHER,
    }
)

# Eligibility list kinds, by the values used in npq.reference.models.EligibilityListKind.
PP50_SCHOOL = "pp50-school"
PP50_FURTHER_EDUCATION = "pp50-further-education"
CHILDMINDER_LIST = "childminder"
DISADVANTAGED_EARLY_YEARS = "disadvantaged-early-years"
LOCAL_AUTHORITY_NURSERY_LIST = "local-authority-nursery"
RISE_SCHOOL = "rise-school"

EHCO = "npq-early-headship-coaching-offer"
ASO = "npq-additional-support-offer"
NPQEYL = "npq-early-years-leadership"
NPQLTD = "npq-leading-teaching-development"
NPQH = "npq-headship"
NPQSL = "npq-senior-leadership"
NPQSENCO = "npq-senco"
NPQLPM = "npq-leading-primary-mathematics"
LA_NURSERY_TYPE = "15"


def course_family(course: str) -> str:
    """EHCO and the retired ASO count as one course for previous funding and duplicates."""
    return EHCO if course in (EHCO, ASO) else course


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


ELIGIBLE_ESTABLISHMENT_TYPES = frozenset(
    str(code)
    for code in (
        1,
        2,
        3,
        5,
        6,
        7,
        8,
        10,
        12,
        14,
        15,
        18,
        24,
        26,
        28,
        31,
        32,
        33,
        34,
        35,
        36,
        38,
        39,
        40,
        41,
        42,
        43,
        44,
        45,
        46,
    )
)


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


def _early_years(policy: Policy, c: Circumstances) -> Decision:
    is_la_nursery = c.establishment_type_code == LA_NURSERY_TYPE
    if c.course == NPQEYL:
        if c.kind_of_nursery == Nursery.CHILDMINDER:
            return decide(Code.FUNDED if CHILDMINDER_LIST in c.on_lists else Code.NOT_ENTITLED_CHILDMINDER)
        if policy.early_years_lists_required and c.kind_of_nursery != Nursery.PRESCHOOL_CLASS_IN_SCHOOL:
            listed = {DISADVANTAGED_EARLY_YEARS, LOCAL_AUTHORITY_NURSERY_LIST} & c.on_lists
            return decide(Code.FUNDED if listed else Code.EARLY_YEARS_INVALID_NPQ)
        return decide(Code.FUNDED)
    if is_la_nursery and c.course in policy.la_nursery_courses:
        if policy.early_years_lists_required and LOCAL_AUTHORITY_NURSERY_LIST not in c.on_lists:
            return decide(Code.EARLY_YEARS_INVALID_NPQ)
        return decide(Code.FUNDED)
    return decide(Code.EARLY_YEARS_INVALID_NPQ)


def _school(policy: Policy, c: Circumstances) -> Decision:
    if RISE_SCHOOL in c.on_lists:
        return decide(Code.FUNDED)
    if c.establishment_type_code not in policy.eligible_establishment_types:
        return decide(Code.INELIGIBLE_ESTABLISHMENT_TYPE)
    if c.course in policy.pp50_only_courses:
        pp50 = PP50_SCHOOL in c.on_lists or (
            c.work_setting == WorkSetting.A_16_TO_19_EDUCATIONAL_SETTING and PP50_FURTHER_EDUCATION in c.on_lists
        )
        return decide(Code.FUNDED if pp50 else Code.INELIGIBLE_ESTABLISHMENT_NOT_A_PP50)
    return decide(Code.FUNDED)


def _another_setting(c: Circumstances) -> Decision:
    if c.employment_type == Employment.LEAD_MENTOR:
        if c.course != NPQLTD:
            return decide(Code.NOT_LEAD_MENTOR_COURSE)
        return decide(Code.FUNDED if c.itt_provider_approved else Code.INELIGIBLE_ESTABLISHMENT_TYPE)
    if c.employment_type in REVIEWABLE_EMPLOYMENT and c.course in (NPQH, NPQSENCO, NPQSL):
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
        return _another_setting(c)
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


# --- Answers a person types -------------------------------------------------------------------

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
