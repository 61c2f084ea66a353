"""The registration journey as data: each step's question, answers and the step that follows.

``path(answers, mode)`` walks the steps from the first, following each step's branch, and
stops at the first question not yet answered. Only steps on that path count: answers left on
a branch the person has since left are ignored, never submitted. The same steps serve
"Check if I can get funding" (``mode="check"``), which ends at the funding result.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Answers = dict[str, Any]
Option = tuple[str, str, str]  # value, label, hint

REGISTER = "register"
CHECK = "check"


@dataclass(frozen=True)
class Step:
    name: str
    kind: str  # radios, select, text, date, school, childcare, consent, funding, notice, guide, stop
    question: str
    following: Callable[[Answers], str | None]
    options: tuple[Option, ...] = ()
    hint: str = ""
    dynamic_options: str = ""  # cohorts, courses, providers, funding_choices, countries: filled by the view
    label: str = ""  # what check answers calls it
    extra: dict[str, str] = field(default_factory=dict)
    answer_key: str = ""

    @property
    def key(self) -> str:
        """Where the answer is kept (the name the services and the application use)."""
        return self.answer_key or self.name


YES_NO: tuple[Option, ...] = (("yes", "Yes", ""), ("no", "No", ""))
# What the "Which NPQ is for me?" guide records beside the answers, kept with the registration so
# the Department can see whether people took its suggestion.
GUIDE_KEYS = ("guide_role", "guide_focus", "guide_suggestions", "guide_overlap_note")
SCHOOL_SETTINGS = {"a_school", "an_academy_trust", "a_16_to_19_educational_setting"}
# Workplace questions answered by searching a register, and the answer that keeps the chosen name.
WORKPLACE_KINDS = {"school": "school_name", "childcare": "childcare_provider_name"}


def _after_course(a: Answers) -> str:
    course = a.get("course")
    if course == "npq-early-headship-coaching-offer":
        return "npqh_status"
    if course == "npq-leading-primary-mathematics":
        return "maths_mastery"
    if course == "npq-senco":
        return "senco_in_role"
    return "funding"


def _after_setting(a: Answers) -> str:
    setting = a.get("work_setting")
    if setting in SCHOOL_SETTINGS:
        return "choose_school"
    if setting == "early_years_or_childcare":
        return "kind_of_nursery"
    if setting == "another_setting":
        return "your_employment"
    return "referred_by_rtta"


def _after_employment(a: Answers) -> str:
    kind = a.get("employment_type")
    if kind == "lead_mentor_for_accredited_itt_provider":
        return "itt_provider_accredited"
    if kind in ("hospital_school", "young_offender_institution"):
        return "your_employer"
    return "your_role"


def _after_funding(a: Answers) -> str | None:
    if a.get("_mode") == CHECK:
        return None
    return "choose_provider" if a.get("_funded_or_review") else "funding_choice"


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "course_start",
            "radios",
            "When does your course start?",
            lambda a: "teacher_catchment" if a.get("_mode") == CHECK else "provider_check",
            dynamic_options="cohorts",
            label="Course start",
            hint="Courses start in the autumn or spring.",
            answer_key="cohort",
        ),
        Step(
            "provider_check",
            "radios",
            "Have you chosen an NPQ and a provider?",
            lambda a: "teacher_catchment" if a.get("provider_check") == "yes" else "choose_npq_and_provider",
            options=YES_NO,
            label="Chosen an NPQ and provider",
        ),
        Step(
            "choose_npq_and_provider",
            "stop",
            "Choose an NPQ and a provider before you register",
            lambda a: None,
            hint="Read about the courses and the lead providers that offer them, then come back to register. "
            "Your answers so far are saved.",
        ),
        Step(
            "teacher_catchment",
            "radios",
            "Do you work in England?",
            lambda a: "work_setting" if a.get("teacher_catchment") == "england" else "teacher_catchment_country",
            options=(("england", "Yes, I work in England", ""), ("another", "No, I work in another country", "")),
            label="Work in England",
        ),
        Step(
            "teacher_catchment_country",
            "select",
            "Which country do you work in?",
            lambda a: "outside_england",
            dynamic_options="countries",
            hint="Choose from the list. Scotland, Wales and Northern Ireland are at the top.",
            label="Country",
        ),
        Step(
            "outside_england",
            "notice",
            "You cannot get scholarship funding if you work outside England",
            lambda a: "course",
            hint="NPQ scholarship funding from the Department for Education is only for people working in England. "
            "You can still register: your employer or you pay for the course. The next questions are about the "
            "course you want to do.",
            label="Funding outside England",
            answer_key="outside_england_seen",
        ),
        Step(
            "work_setting",
            "radios",
            "Where do you work?",
            _after_setting,
            label="Work setting",
            options=(
                ("a_school", "A school", ""),
                ("an_academy_trust", "An academy trust", ""),
                ("a_16_to_19_educational_setting", "A 16 to 19 educational setting", ""),
                ("early_years_or_childcare", "Early years or childcare", ""),
                (
                    "another_setting",
                    "Another setting",
                    "For example, a hospital school, virtual school or as a lead mentor",
                ),
                ("other", "None of these", "For example, if you are returning to teaching"),
            ),
        ),
        Step(
            "choose_school",
            "school",
            "What is the name of your workplace?",
            lambda a: "school_not_in_england" if a.get("_school_outside_england") else "course",
            hint="Search by name, town, postcode or unique reference number (URN).",
            label="Workplace",
            answer_key="school_urn",
        ),
        Step(
            "school_not_in_england",
            "stop",
            "Your workplace is not in England",
            lambda a: None,
            hint="NPQs registered here are for people working in England. Go back and choose a different "
            "workplace if you selected the wrong one.",
        ),
        Step(
            "kind_of_nursery",
            "radios",
            "What kind of early years setting do you work in?",
            lambda a: (
                "choose_school"
                if a.get("kind_of_nursery")
                in ("local_authority_maintained_nursery", "preschool_class_as_part_of_school")
                else "have_ofsted_urn"
            ),
            label="Kind of setting",
            options=(
                ("local_authority_maintained_nursery", "Local authority maintained nursery", ""),
                ("preschool_class_as_part_of_school", "Pre-school class or nursery that is part of a school", ""),
                ("private_nursery", "Private nursery", ""),
                ("childminder", "Childminder", ""),
                ("another_early_years_setting", "Another early years setting", ""),
            ),
        ),
        Step(
            "have_ofsted_urn",
            "radios",
            "Do you or your employer have an Ofsted unique reference number (URN)?",
            lambda a: "ofsted_urn" if a.get("have_ofsted_urn") == "yes" else "course",
            options=YES_NO,
            label="Has an Ofsted URN",
        ),
        Step(
            "ofsted_urn",
            "childcare",
            "Which early years setting do you work in?",
            lambda a: "course",
            hint="Search by Ofsted unique reference number (URN), like EY123456, or by name, town or postcode.",
            label="Early years setting",
        ),
        Step(
            "referred_by_rtta",
            "radios",
            "Were you referred by a return to teaching adviser?",
            lambda a: "course",
            options=YES_NO,
            label="Referred by a return to teaching adviser",
        ),
        Step(
            "your_employment",
            "radios",
            "How are you employed?",
            _after_employment,
            label="Employment",
            options=(
                ("local_authority_virtual_school", "In a local authority virtual school", ""),
                ("hospital_school", "In a hospital school", ""),
                ("young_offender_institution", "In a young offender institution", ""),
                ("local_authority_supply_teacher", "As a supply teacher employed by a local authority", ""),
                (
                    "lead_mentor_for_accredited_itt_provider",
                    "As a lead mentor for an accredited initial teacher training (ITT) provider",
                    "",
                ),
            ),
            answer_key="employment_type",
        ),
        Step(
            "itt_provider_accredited",
            "radios",
            "Is your initial teacher training provider accredited by the Department for Education?",
            lambda a: "course",
            options=YES_NO,
            label="ITT provider accredited",
        ),
        Step(
            "your_role",
            "text",
            "What is your role?",
            lambda a: "your_employer",
            label="Role",
            answer_key="employment_role",
        ),
        Step(
            "your_employer",
            "text",
            "Who is your employer?",
            lambda a: "course",
            label="Employer",
            answer_key="employer_name",
        ),
        Step(
            "course",
            "radios",
            "Which NPQ do you want to do?",
            _after_course,
            dynamic_options="courses",
            label="Course",
            hint="The Early headship coaching offer and an NPQ need separate registrations.",
        ),
        Step(
            "npqh_status",
            "radios",
            "Have you completed the headship NPQ (NPQH)?",
            lambda a: "ehco_unavailable" if a.get("npqh_status") == "none" else "ehco_headteacher",
            label="NPQH",
            options=(
                ("completed", "I have completed it", ""),
                ("studying", "I am studying for it now", ""),
                ("will_start", "I will start it before the coaching offer", ""),
                ("none", "None of these", ""),
            ),
        ),
        Step(
            "ehco_unavailable",
            "stop",
            "You cannot register for the Early headship coaching offer",
            lambda a: None,
            hint="The coaching offer is for people who have done, or are doing, the headship NPQ. Go back to choose "
            "a different course.",
        ),
        Step(
            "ehco_headteacher",
            "radios",
            "Are you a headteacher?",
            lambda a: "ehco_new_headteacher" if a.get("ehco_headteacher") == "yes" else "funding",
            options=YES_NO,
            label="Headteacher",
        ),
        Step(
            "ehco_new_headteacher",
            "radios",
            "Are you in your first 5 years of a headship?",
            lambda a: "funding",
            options=YES_NO,
            label="In first 5 years of headship",
        ),
        Step(
            "maths_mastery",
            "radios",
            "Have you completed a year of primary maths Teaching for Mastery training?",
            lambda a: "funding" if a.get("maths_mastery") == "yes" else "maths_understanding",
            options=YES_NO,
            label="Teaching for Mastery",
        ),
        Step(
            "maths_understanding",
            "radios",
            "How can you show your understanding of mastery approaches?",
            lambda a: "maths_cannot_register" if a.get("maths_understanding") == "cannot_show" else "funding",
            label="Understanding of mastery",
            options=(
                ("taken_a_similar_course", "I have taken a similar course", ""),
                ("another_way", "I can show it another way", ""),
                ("cannot_show", "I cannot show my understanding yet", ""),
            ),
        ),
        Step(
            "maths_cannot_register",
            "stop",
            "You cannot register for Leading primary mathematics yet",
            lambda a: None,
            hint="You need to understand mastery approaches to teaching maths first. Go back to "
            "choose a different course.",
        ),
        Step(
            "senco_in_role",
            "radios",
            "Are you a special educational needs co-ordinator (SENCO)?",
            lambda a: "senco_start_date" if a.get("senco_in_role") == "yes" else "funding",
            label="SENCO",
            options=(
                ("yes", "Yes", ""),
                ("no_but_i_plan_to_become_one", "No, but I plan to become one", ""),
                ("no_i_do_not_plan_to_be_a_SENCO", "No, and I do not plan to become one", ""),
            ),
        ),
        Step(
            "senco_start_date",
            "date",
            "When did you start as a SENCO?",
            lambda a: "funding",
            hint="For example, 1 9 2021",
            label="Started as SENCO",
        ),
        Step("funding", "funding", "Funding for your NPQ", _after_funding, label="Funding", answer_key="funding_seen"),
        Step(
            "funding_choice",
            "radios",
            "How is your NPQ being paid for?",
            lambda a: "choose_provider",
            dynamic_options="funding_choices",
            label="Paid for by",
        ),
        Step(
            "choose_provider",
            "radios",
            "Which lead provider do you want to train with?",
            lambda a: "full_name",
            dynamic_options="providers",
            label="Lead provider",
            answer_key="lead_provider",
        ),
        Step(
            "full_name",
            "text",
            "What is your full name?",
            lambda a: "trn",
            label="Full name",
            extra={"autocomplete": "name"},
        ),
        Step(
            "trn",
            "text",
            "What is your teacher reference number (TRN)?",
            lambda a: "date_of_birth",
            hint="It is 7 digits, like 1234567.",
            label="TRN",
            extra={
                "width": "10",
                "inputmode": "numeric",
                "help_summary": "I do not know my TRN",
                "help": "Your teacher reference number is on your teacher training certificate, on payslips and on "
                "letters from the Teaching Regulation Agency. You can also find it by signing in to Access your "
                "teaching qualifications on GOV.UK, or ask your school's HR team or business manager.",
            },
        ),
        Step(
            "date_of_birth",
            "date",
            "What is your date of birth?",
            lambda a: "consent",
            hint="For example, 27 3 1985",
            label="Date of birth",
            extra={"autocomplete": "bday"},
        ),
        Step(
            "consent",
            "consent",
            "Sharing your information with your provider",
            lambda a: "check_answers",
            label="Agreed to share information",
        ),
    ]
}

FIRST = "course_start"
STOPS = {name for name, step in STEPS.items() if step.kind == "stop"}


def path(answers: Answers) -> tuple[list[str], str | None]:
    """The steps on the person's path so far and the next step to answer (None when complete).
    A stop page is returned as the next step: the journey cannot go past it."""
    walked: list[str] = []
    name: str | None = FIRST
    while name is not None and name in STEPS:
        if name in walked:  # a loop in the step table is a programming error
            raise RuntimeError(f"The journey loops at {name}")
        step = STEPS[name]
        if step.kind == "stop" or step.key not in answers:
            return walked, name
        walked.append(name)
        name = step.following(answers)
    return walked, None


def answers_on_path(answers: Answers) -> Answers:
    walked, _ = path(answers)
    keys = {STEPS[name].key for name in walked}
    keys |= {WORKPLACE_KINDS[STEPS[name].kind] for name in walked if STEPS[name].kind in WORKPLACE_KINDS}
    return {k: v for k, v in answers.items() if k in keys or k in GUIDE_KEYS or k.startswith("_")}


def may_show(answers: Answers, name: str) -> bool:
    walked, current = path(answers)
    return name in walked or name == current
