"""The courses the funding rules name, by the Department's identifiers."""

EHCO = "npq-early-headship-coaching-offer"
ASO = "npq-additional-support-offer"
NPQEYL = "npq-early-years-leadership"
NPQLTD = "npq-leading-teaching-development"
NPQH = "npq-headship"
NPQSL = "npq-senior-leadership"
NPQSENCO = "npq-senco"
NPQLPM = "npq-leading-primary-mathematics"


def course_family(course: str) -> str:
    """EHCO and the retired ASO count as one course for previous funding and duplicates."""
    return EHCO if course in (EHCO, ASO) else course
