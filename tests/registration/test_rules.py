"""The funding rules, as a table of scenarios in funding_scenarios.csv (one row per case)."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from npq.registration import rules
from npq.registration.rules import Circumstances, Code, CohortFunding, WorkSetting

SCENARIOS = list(
    csv.DictReader((Path(__file__).parent / "funding_scenarios.csv").read_text(encoding="utf-8").splitlines())
)


def _yes(value: str) -> bool:
    return value == "yes"


def circumstances(row: dict[str, str]) -> Circumstances:
    return Circumstances(
        cohort_funding=CohortFunding(row["cohort_funding"]),
        in_england=_yes(row["in_england"]),
        work_setting=WorkSetting(row["work_setting"]),
        course=row["course"],
        previously_funded=_yes(row["previously_funded"]),
        kind_of_nursery=row["kind_of_nursery"],
        establishment_type_code=row["establishment_type"],
        on_lists=frozenset(row["lists"].split()),
        employment_type=row["employment_type"],
        itt_provider_approved=_yes(row["itt_approved"]),
        referred_by_return_to_teaching_adviser=_yes(row["rtta"]),
        headteacher=_yes(row["headteacher"]),
        new_headteacher=_yes(row["new_headteacher"]),
    )


@pytest.mark.parametrize("row", SCENARIOS, ids=[r["scenario"] for r in SCENARIOS])
def test_funding_scenario(row):
    decision = rules.assess_funding(int(row["cohort_year"]), circumstances(row))
    if row["dfe_review"]:
        decision = rules.review_outcome(decision, funded=row["dfe_review"] == "funded")
    assert decision.code == Code(row["expected"])
    assert decision.explanation == rules.EXPLANATIONS[decision.code]


def test_scenario_table_covers_every_reason_code():
    assert {Code(r["expected"]) for r in SCENARIOS} == set(Code)


def test_every_code_has_a_plain_english_explanation():
    assert set(rules.EXPLANATIONS) == set(Code)
    assert all(len(text) > 40 and text.endswith(".") for text in rules.EXPLANATIONS.values())


def test_policy_is_chosen_by_cohort_year():
    assert rules.policy_for(2025).name == "2025 funding policy"
    assert rules.policy_for(2026).name == "2026 funding policy"
    assert rules.policy_for(2030).name == "2026 funding policy"
    with pytest.raises(rules.NoPolicy):
        rules.policy_for(2021)


def test_a_new_policy_is_data_plus_a_rule_function():
    def everything_funded_in_england(policy, c):
        return rules.decide(Code.FUNDED if c.in_england else Code.NOT_IN_ENGLAND)

    newer = rules.Policy(
        name="2028 test policy",
        first_cohort_year=2028,
        pp50_only_courses=frozenset(),
        la_nursery_courses=frozenset(),
        eligible_establishment_types=frozenset(),
        early_years_lists_required=False,
        assess=everything_funded_in_england,
    )
    policies = (*rules.POLICIES, newer)
    assert rules.policy_for(2027, policies).name == "2026 funding policy"
    chosen = rules.policy_for(2028, policies)
    c = Circumstances(CohortFunding.CAPPED, True, WorkSetting.OTHER, "npq-headship")
    assert chosen.assess(chosen, c).code == Code.FUNDED


def test_only_review_cases_get_a_review_decision():
    with pytest.raises(ValueError, match="subject to review"):
        rules.review_outcome(rules.decide(Code.FUNDED), funded=True)


def test_decision_flags():
    assert rules.decide(Code.FUNDED).funded
    assert rules.decide(Code.MARKED_FUNDED_BY_POLICY).funded
    assert not rules.decide(Code.SUBJECT_TO_REVIEW).funded
    assert rules.decide(Code.REFERRED_BY_RETURN_TO_TEACHING_ADVISER).subject_to_review


@pytest.mark.parametrize(
    ("setting", "in_england", "trust_offered"),
    [("a_school", True, True), ("an_academy_trust", True, True), ("a_school", False, False), ("other", True, False)],
)
def test_trust_pays_only_for_school_settings_in_england(setting, in_england, trust_offered):
    assert ("trust" in rules.funding_choices(setting, in_england)) is trust_offered


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1234567", None),
        ("RP 12 34 567", None),
        ("", "Enter your teacher reference number (TRN)"),
        ("123456", "Your teacher reference number (TRN) must be 7 digits, like 1234567"),
        ("12345678", "Your teacher reference number (TRN) must be 7 digits, like 1234567"),
        ("12a4567", "Your teacher reference number (TRN) must be 7 digits, like 1234567"),
        ("0000000", "Enter a real teacher reference number (TRN): 0000000 is not one"),
    ],
)
def test_trn_problems(value, problem):
    assert rules.trn_problem(value) == problem


TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("born", "starts_with"),
    [
        (dt.date(1985, 3, 1), None),
        (None, "Enter your date of birth"),
        (dt.date(2027, 1, 1), "Your date of birth must be in the past"),
        (dt.date(2010, 1, 1), "You must be 18 or older"),
        (dt.date(1900, 1, 1), "Your date of birth must be after 1 January 1926"),
    ],
)
def test_date_of_birth_problems(born, starts_with):
    problem = rules.date_of_birth_problem(born, TODAY)
    assert problem == starts_with if starts_with is None else problem.startswith(starts_with)


@pytest.mark.parametrize(
    ("started", "ok"), [(dt.date(2020, 9, 1), True), (dt.date(1959, 12, 31), False), (dt.date(2026, 11, 23), False)]
)
def test_senco_start_date(started, ok):
    assert (rules.senco_start_problem(started, TODAY) is None) is ok


BORN = dt.date(1980, 1, 2)


@pytest.mark.parametrize(
    ("given", "wrong_recently", "expected"),
    [
        (BORN, 0, rules.DateOfBirthCheck.MATCHED),
        (BORN, 4, rules.DateOfBirthCheck.MATCHED),
        (dt.date(1980, 2, 1), 0, rules.DateOfBirthCheck.WRONG),
        (dt.date(1980, 2, 1), 4, rules.DateOfBirthCheck.WRONG),
        (dt.date(1980, 2, 1), 5, rules.DateOfBirthCheck.LOCKED),
        (BORN, 5, rules.DateOfBirthCheck.LOCKED),  # even the right date, until the window passes
        (BORN, 9, rules.DateOfBirthCheck.LOCKED),
    ],
)
def test_date_of_birth_check_and_its_limit(given, wrong_recently, expected):
    assert rules.assess_date_of_birth(given, BORN, wrong_recently) == expected


NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("minutes_ago", "opens_minutes_after_noon"),
    [
        ([], None),
        ([1, 2, 3, 4], None),
        ([1, 2, 3, 4, 5], 55),  # the oldest of the five leaves the hour 55 minutes from now
        ([0, 10, 20, 30, 40, 50], 20),  # six wrong: open again once only four remain inside the hour
    ],
)
def test_date_of_birth_check_opens_when_fewer_than_five_wrong_dates_are_inside_the_hour(
    minutes_ago, opens_minutes_after_noon
):
    times = [NOON - dt.timedelta(minutes=m) for m in minutes_ago]
    expected = None if opens_minutes_after_noon is None else NOON + dt.timedelta(minutes=opens_minutes_after_noon)
    assert rules.date_of_birth_locked_until(times) == expected
