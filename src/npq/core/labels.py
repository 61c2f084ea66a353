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
    "statement_state": {"open": "Open", "payable": "Payable", "authorised": "Authorised for payment", "paid": "Paid"},
    "line_kind": {
        "output": "Output payment",
        "service-fee": "Service fee",
        "reversal": "Reversal before payment",
        "clawback": "Clawback",
        "adjustment": "Adjustment",
    },
    "attendance": {"attended": "Attended", "partial": "Partly attended", "absent": "Absent"},
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
