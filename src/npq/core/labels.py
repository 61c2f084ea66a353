"""Plain-English labels for the codes people see: one table, used by model choices, pages and CSVs.

Codes (``retained-1``, ``awaiting-clawback``) are the API's and the database's; a person reads the
label. Each code set is a ``StrEnum`` defined once in a ``rules`` module; :func:`choices` builds a
model field's choices from it and refuses an enum with a value this table does not label.
"""

from collections.abc import Iterable

LABELS: dict[str, dict[str, str]] = {
    "declaration_type": {
        "started": "Started",
        "retained-1": "Retained 1",
        "retained-2": "Retained 2",
        "completed": "Completed",
    },
    "declaration_state": {
        "submitted": "Submitted",
        "eligible": "Eligible for payment",
        "payable": "Payable",
        "paid": "Paid",
        "voided": "Voided",
        "ineligible": "Not eligible for payment",
        "awaiting-clawback": "Awaiting clawback",
        "clawed-back": "Clawed back",
    },
    "statement_period": {
        "current": "Current: declarations made now are paid on it",
        "earlier": "Earlier",
        "later": "Later",
    },
    "statement_state": {"open": "Open", "payable": "Payable", "authorised": "Authorised for payment", "paid": "Paid"},
    "line_kind": {
        "output": "Output payment",
        "service-fee": "Service fee",
        "reversal": "Reversal before payment",
        "clawback": "Clawback",
        "adjustment": "Adjustment",
    },
    "attendance": {"attended": "Attended", "partial": "Partly attended", "absent": "Absent"},
    "window_progress": {
        "nothing_submitted": "Nothing submitted yet",
        "marking": "Still being marked",
        "ready": "Results waiting for release",
        "released": "Every result released",
    },
    "session_state": {
        "upcoming": "Coming up",
        "held": "Held",
        "cancelled": "Cancelled",
        "not_counted": "Not counted: outside the cohort's dates",
    },
    "your_place": {
        "booked": "Place booked",
        "not_booked": "No place booked",
        "attended": "Attended",
        "partial": "Partly attended",
        "absent": "Absent",
        "not_recorded": "Attendance not recorded yet",
        "cancelled": "Cancelled",
        "not_counted": "Not counted",
    },
    "training_status": {"active": "Active", "deferred": "Deferred", "withdrawn": "Withdrawn"},
    "cohort_funding": {
        "zero": "No funded places",
        "capped": "Funded places capped per provider and course",
        "full": "Every eligible place funded",
    },
    "quality_programme": {"npq": "National Professional Qualifications", "ecf": "Early career framework"},
    "inspection_kind": {"monitoring": "Monitoring visit", "full": "Full inspection"},
    "judgement_area": {
        "overall": "Overall effectiveness",
        "quality": "Quality of professional development and training",
        "leadership": "Leadership and management",
    },
    "grade": {
        "outstanding": "Outstanding",
        "good": "Good",
        "requires_improvement": "Requires improvement",
        "inadequate": "Inadequate",
    },
    "action_judgement": {
        "effective": "Taking effective action",
        "not_effective": "Not taking effective action",
    },
    "inspection_stage": {
        "notified": "Notified: evidence gathering",
        "drafted": "Report drafted: waiting for a second inspector's check",
        "checked": "Report checked: ready to publish",
        "published": "Report published",
    },
    "evidence_source": {
        "documents": "Documents scrutinised",
        "data": "Data in the evidence pack",
        "leaders": "Meeting with leaders and those responsible for governance",
        "partner_leaders": "Meeting with delivery partner senior leaders",
        "partner_staff": "Meeting with delivery partner staff",
        "participants": "Meeting with participants",
        "facilitators": "Meeting with facilitators",
        "live_session": "Live training session observed",
        "recorded_session": "Recorded training session watched",
    },
    "sample_kind": {
        "delivery_partner": "Delivery partners",
        "participant": "Participants",
        "facilitator": "Facilitators",
        "recorded_session": "Recorded sessions",
    },
    "improvement_status": {"open": "Open", "done": "Done"},
    "observation_rating": {"strength": "A strength", "secure": "Secure", "develop": "An area to develop"},
    "funding_code": {
        "funded": "Eligible for scholarship funding",
        "subject_to_review": "The Department is reviewing funding",
        "referred_by_return_to_teaching_adviser": "Referred by a return to teaching adviser: funding under review",
        "unfunded_cohort": "No scholarship funding for this cohort",
        "not_in_england": "Not eligible: works outside England",
        "previously_funded": "Not eligible: already funded for this course",
        "not_new_headteacher_requesting_ehco": "Not eligible: not in the first 5 years of headship",
        "not_entitled_childminder": "Not eligible: childminder not on the eligible list",
        "not_entitled_ey_institution": "Not eligible: early years setting not on the disadvantaged early years list",
        "early_years_invalid_npq": "Not eligible: course not funded in early years settings",
        "ineligible_establishment_type": "Not eligible: workplace type not funded",
        "ineligible_establishment_not_a_pp50": "Not eligible: workplace not on the PP50 lists",
        "not_lead_mentor_course": "Not eligible: lead mentors are funded for Leading teacher development only",
        "marked_funded_by_policy": "Eligible: decided by the Department after review",
        "marked_ineligible_by_policy": "Not eligible: decided by the Department after review",
    },
    "work_setting": {
        "a_school": "A school",
        "an_academy_trust": "An academy trust",
        "a_16_to_19_educational_setting": "A 16 to 19 educational setting",
        "early_years_or_childcare": "Early years or childcare",
        "another_setting": "Another setting, for example a hospital school or virtual school",
        "other": "None of these",
    },
    "kind_of_nursery": {
        "local_authority_maintained_nursery": "Local authority maintained nursery",
        "preschool_class_as_part_of_school": "Pre-school class or nursery that is part of a school",
        "private_nursery": "Private nursery",
        "childminder": "Childminder",
        "another_early_years_setting": "Another early years setting",
    },
    "employment_type": {
        "local_authority_virtual_school": "In a local authority virtual school",
        "hospital_school": "In a hospital school",
        "young_offender_institution": "In a young offender institution",
        "local_authority_supply_teacher": "Supply teacher employed by a local authority",
        "lead_mentor_for_accredited_itt_provider": "Lead mentor for an accredited initial teacher training provider",
        "other": "Other",
    },
    "approval_status": {"pending": "Waiting for the provider", "accepted": "Accepted", "rejected": "Not accepted"},
    "review_status": {
        "needs_review": "Needs review",
        "awaiting_information": "Waiting for information from the person",
        "decision_made": "Decision made",
    },
    "review_entry": {
        "note": "Internal note (never sent to the person)",
        "message": "Message to the person",
        "information_requested": "Request for more information",
        "decision": "Decision on funding",
        "reply": "Reply from the person",
    },
    "stage_mark": {"done": "Done", "not_yet": "Not yet", "not_funded": "Not funded", "funded": "Funded"},
    "guide_role": {
        "classroom_teacher": "Classroom teacher",
        "middle_leader": "Middle leader, for example a head of department or phase",
        "senior_leader": "Senior leader, for example a deputy or assistant headteacher",
        "headteacher": "Headteacher, or about to become one",
        "executive_leader": "Leader of more than one school, for example in a trust",
        "senco": "SENCO, or about to become one",
        "early_years": "Leader or manager in early years",
    },
    "guide_focus": {
        "teaching": "Teaching in a subject, phase or key stage",
        "teacher_development": "Training and developing other teachers",
        "behaviour": "Behaviour and culture",
        "literacy": "Literacy",
        "maths": "Primary mathematics",
        "send": "Special educational needs and disabilities",
        "whole_school": "A whole school",
        "several_schools": "Several schools",
        "early_years": "An early years setting",
    },
    "funding_statement": {
        "rejected": "There is no funded place: {provider} did not accept this application.",
        "unfunded_cohort": "There is no scholarship funding for courses starting in this cohort. Your school, trust "
        "or you pay for the course.",
        "not_eligible": "You are not eligible for scholarship funding. {reason}",
        "review": "The Department is checking whether you are eligible for funding. We will email you when it decides.",
        "pending_eligible": "You are eligible for scholarship funding. {provider} confirms a funded place when "
        "they accept your application.",
        "funded_place": "You have a funded place: the Department pays for your course.",
        "eligible_no_place": "You are eligible for scholarship funding, but {provider} did not give you a funded "
        "place: your course is paid for another way.",
    },
    "registration_status": {
        "pending": "Waiting for the provider",
        "accepted": "Accepted",
        "not_accepted": "Not accepted",
        "moved": "Moved to another provider",
        "withdrawn": "Withdrawn",
        "deferred": "Deferred",
        "passed": "Passed",
        "not_passed": "Not passed",
    },
    "outcome_state": {"passed": "passed", "failed": "not passed", "voided": "withdrawn by your provider"},
    "registration_stage": {
        "registered": "Registered",
        "with_provider": "Application with provider",
        "accepted": "Accepted",
        "not_accepted": "Not accepted",
        "funding": "Funding",
        "started": "Started",
        "outcome": "Outcome",
        "passed": "Passed",
        "not_passed": "Not passed",
    },
    "course_guide": {
        "npq-leading-teaching": "For teachers who lead teaching in a subject, year group, key stage or phase: how "
        "pupils learn, curriculum, classroom practice and assessment. 12 months, assessed by a written case study.",
        "npq-leading-teaching-development": "For teachers who train and develop other teachers, including mentors "
        "and lead mentors: designing and delivering professional development. 12 months, assessed by a written "
        "case study.",
        "npq-leading-behaviour-culture": "For teachers who lead behaviour or pastoral care: school culture, the "
        "conditions for good behaviour and complex needs. 12 months, assessed by a written case study.",
        "npq-leading-literacy": "For teachers who lead literacy across a school, year group or phase: language, "
        "reading and writing. 12 months, assessed by a written case study.",
        "npq-leading-primary-mathematics": "For primary teachers who lead maths and know mastery approaches: how "
        "pupils learn maths, curriculum and teaching. 12 months, assessed by a written case study.",
        "npq-senior-leadership": "For senior leaders, or those about to be, with responsibility across a whole "
        "school: culture, teaching, curriculum, behaviour, special needs and management. 18 months, assessed by a "
        "written case study.",
        "npq-headship": "For headteachers and those about to become one: leading a whole school, its staff, "
        "finances and governance. 18 months, assessed by a written case study.",
        "npq-executive-leadership": "For leaders of more than one school, for example in a trust: strategy, "
        "partnership and accountability across schools. 18 months, assessed by a written case study.",
        "npq-early-years-leadership": "For managers and leaders in early years settings: child development, "
        "curriculum, special needs and running a setting. 18 months, assessed by a written case study.",
        "npq-senco": "For special educational needs co-ordinators (SENCOs) and those about to be: the statutory "
        "framework, identifying needs and leading provision. 18 months, assessed by a written case study.",
        "npq-early-headship-coaching-offer": "For headteachers in their first 5 years who have done or are doing "
        "the headship NPQ: coaching and support, not a qualification. About 12 months, not assessed.",
    },
    "guide_overlap": {
        "specialist_or_leadership": "These two overlap. The leadership NPQ covers this area as one of several "
        "across the whole school; the specialist NPQ goes deeper into this one area. If you lead this area "
        "for the school, the specialist NPQ is usually the better fit.",
        "senco_or_leadership": "These two overlap. The SENCO NPQ is for the person who co-ordinates special needs "
        "provision; the leadership NPQ covers special needs as one of several areas across the school.",
        "headship_and_coaching": "The coaching offer is extra support for new headteachers who have done, or are "
        "doing, the headship NPQ. They need separate registrations.",
        "senior_or_headship": "These two overlap. Senior leadership is for leading across a school as part of a "
        "senior team; Headship is for those who will lead the school.",
    },
    "insight_group": {
        "leadership": "Leadership NPQs",
        "specialist": "Specialist NPQs",
        "early-years": "Early years leadership NPQ",
        "headship-coaching": "Headship coaching and support offers",
    },
    "region": {
        "north-east": "North East",
        "north-west": "North West",
        "yorkshire-and-the-humber": "Yorkshire and the Humber",
        "east-midlands": "East Midlands",
        "west-midlands": "West Midlands",
        "east-of-england": "East of England",
        "london": "London",
        "south-east": "South East",
        "south-west": "South West",
    },
    "insight_funding": {"funded": "Funded place", "not-funded": "Not funded"},
    "insight_measure": {
        "registered": "Registered",
        "eligible": "Eligible for funding",
        "accepted": "Accepted by a lead provider",
        "started": "Started",
        "retained": "Retained",
        "completed": "Completed",
        "passed": "Passed",
        "committed": "Committed",
        "paid": "Paid",
    },
}


def label(kind: str, code: object) -> str:
    """The label of ``code`` in the code set ``kind``; an unknown code is shown as it is, never hidden."""
    text = str(code)
    return LABELS.get(kind, {}).get(text, text)


def choices(kind: str, codes: Iterable[str]) -> list[tuple[str, str]]:
    """Model field choices for every code of an enum, each with its label (every code must have one)."""
    table = LABELS[kind]
    values = [str(code) for code in codes]
    missing = [value for value in values if value not in table]
    if missing:
        raise KeyError(f"No plain-English label for {kind} codes {missing}: add them to npq.core.labels.LABELS")
    return [(value, table[value]) for value in values]
