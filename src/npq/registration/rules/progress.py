"""What a person's status page says about funding and where their registration has got to, as a
table of cases (pure). Each case names an entry of ``npq.core.labels``: the words live there.

Funding depends on three facts that must never contradict each other on the page: the provider's
decision (pending, accepted, rejected), the funding decision (its reason code) and the funded place
the provider gave at acceptance (yes, no, or not set: cohorts before 2024 had no funded places).
"""

from enum import StrEnum

from npq.registration.rules.funding import Code


class FundingDecision(StrEnum):
    ELIGIBLE = "eligible"
    REVIEW = "review"
    NOT_ELIGIBLE = "not_eligible"
    UNFUNDED_COHORT = "unfunded_cohort"


class Place(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SET = "not_set"


ANY = "*"


def funding_decision(code: str) -> FundingDecision:
    if code in (Code.FUNDED, Code.MARKED_FUNDED_BY_POLICY):
        return FundingDecision.ELIGIBLE
    if code in (Code.SUBJECT_TO_REVIEW, Code.REFERRED_BY_RETURN_TO_TEACHING_ADVISER):
        return FundingDecision.REVIEW
    if code == Code.UNFUNDED_COHORT:
        return FundingDecision.UNFUNDED_COHORT
    return FundingDecision.NOT_ELIGIBLE


def place(funded_place: bool | None) -> Place:
    return Place.NOT_SET if funded_place is None else Place.YES if funded_place else Place.NO


# (provider's decision, funding decision, funded place) -> (tag, statement): both keys of labels,
# the tag in "stage_mark" and the statement in "funding_statement". The first matching row wins.
FUNDING_CASES: tuple[tuple[str, str, str, str, str], ...] = (
    ("rejected", ANY, ANY, "not_funded", "rejected"),
    (ANY, FundingDecision.UNFUNDED_COHORT, ANY, "not_funded", "unfunded_cohort"),
    (ANY, FundingDecision.NOT_ELIGIBLE, ANY, "not_funded", "not_eligible"),
    (ANY, FundingDecision.REVIEW, ANY, "not_yet", "review"),
    ("pending", FundingDecision.ELIGIBLE, ANY, "not_yet", "pending_eligible"),
    ("accepted", FundingDecision.ELIGIBLE, Place.YES, "funded", "funded_place"),
    ("accepted", FundingDecision.ELIGIBLE, Place.NOT_SET, "funded", "funded_place"),
    ("accepted", FundingDecision.ELIGIBLE, Place.NO, "not_funded", "eligible_no_place"),
)


def funding_case(approval: str, code: str, funded_place: bool | None) -> tuple[str, str]:
    """The tag and statement for the funding stage of the status page."""
    facts = (approval, funding_decision(code), place(funded_place))
    for *pattern, tag, statement in FUNDING_CASES:
        if all(p in (ANY, fact) for p, fact in zip(pattern, facts, strict=True)):
            return tag, statement
    raise ValueError(f"No funding statement for {facts}")


def registration_status(approval: str, moved: bool, withdrawn: bool, training_status: str, outcome: str) -> str:
    """One word for where a registration stands (a key of labels "registration_status"): a result
    beats the training status, which beats the provider's decision."""
    if moved:
        return "moved"
    if withdrawn:
        return "withdrawn"
    if approval == "accepted":
        if outcome == "passed":
            return "passed"
        if outcome == "failed":
            return "not_passed"
        if training_status in ("withdrawn", "deferred"):
            return training_status
        return "accepted"
    if approval == "rejected":
        return "not_accepted"
    return "pending"
