"""Which framework version a training cohort follows, and the checks on a task a lead provider
designs, as tables of plain values."""

import datetime as dt

import pytest

from npq.frameworks.rules import (
    CriterionDraft,
    VersionFact,
    assess_framework_version,
    criterion_codes,
    task_design_problems,
)

D = dt.date
OLD = VersionFact("2017 framework", "retired", D(2017, 10, 20), D(2021, 8, 31), frozenset({"npq-headship"}), 1)
REFORMED = VersionFact("Reformed, version 1", "published", D(2021, 9, 1), None, frozenset({"npq-headship"}), 2)
DRAFT = VersionFact("Reformed, version 2 (draft)", "draft", D(2026, 1, 1), None, frozenset({"npq-headship"}), 3)
UNDATED = VersionFact("Undated", "published", None, None, frozenset({"npq-headship"}), 4)
# Published the day version 1 was retired (publishing sets both dates to the same day).
V2 = VersionFact("Reformed, version 2", "published", D(2027, 9, 1), None, frozenset({"npq-headship"}), 5)
V1_RETIRED = VersionFact("Reformed, version 1", "retired", D(2021, 9, 1), D(2027, 9, 1), frozenset({"npq-headship"}), 2)
EVERY = [OLD, REFORMED, DRAFT, UNDATED]


@pytest.mark.parametrize(
    ("start", "versions", "followed", "reason"),
    [
        (
            D(2026, 10, 1),
            EVERY,
            "Reformed, version 1",
            "started on 1 October 2026, when Reformed, version 1 was in effect",
        ),
        (D(2021, 9, 1), EVERY, "Reformed, version 1", "1 September 2021"),  # the first day it took effect
        (D(2021, 8, 31), EVERY, "2017 framework", "when 2017 framework was in effect"),  # its last day
        (D(2019, 1, 7), EVERY, "2017 framework", ""),  # a retired version was in force in its time
        (
            D(2016, 9, 1),
            EVERY,
            None,
            "No published framework version for this course was in effect on 1 September 2016",
        ),
        (D(2026, 10, 1), [OLD, DRAFT], None, "No published framework version"),  # a draft is never followed
        (D(2026, 10, 1), [UNDATED], None, "No published framework version"),  # nor a version without a start
        (None, EVERY, None, "The cohort has no schedule yet, so the framework version it follows is not known"),
        (D(2027, 9, 1), [V1_RETIRED, V2], "Reformed, version 2", ""),  # the changeover day: the newer version
        (D(2027, 8, 31), [V1_RETIRED, V2], "Reformed, version 1", ""),
        (D(2027, 9, 2), [V1_RETIRED, V2], "Reformed, version 2", ""),
    ],
)
def test_the_version_a_cohort_follows(start, versions, followed, reason):
    choice = assess_framework_version(start, "npq-headship", versions)
    assert (choice.version.label if choice.version else None) == followed
    assert reason in choice.reason


def test_a_version_without_the_course_is_not_followed():
    choice = assess_framework_version(D(2026, 10, 1), "npq-senco", EVERY)
    assert choice.version is None and "for this course" in choice.reason


@pytest.mark.parametrize(
    ("areas", "codes"),
    [
        ([8, 2, 3], ["8.1", "2.1", "3.1"]),
        ([3, 3, 1, 3], ["3.1", "3.2", "1.1", "3.3"]),
        ([], []),
    ],
)
def test_criteria_are_numbered_after_their_content_area(areas, codes):
    assert criterion_codes(areas) == codes


ROW = CriterionDraft(2, "Chooses professional development from evidence")
BLANK = CriterionDraft(None, "")


@pytest.mark.parametrize(
    ("title", "aim", "limit", "rows", "problems"),
    [
        ("Project", "Plan a change", 2500, [ROW, BLANK], []),
        ("Project", "Plan a change", 100, [ROW], []),
        ("Project", "Plan a change", 20_000, [ROW], []),
        (
            " ",
            "",
            None,
            [BLANK, BLANK],
            [
                ("title", "Enter the task's title"),
                ("aim", "Enter what the task asks participants to do"),
                ("word_limit", "Enter a word limit between 100 and 20,000, as a whole number"),
                ("criterion-1", "Write at least one criterion, against a content area"),
            ],
        ),
        (
            "Project",
            "Plan",
            99,
            [ROW],
            [("word_limit", "Enter a word limit between 100 and 20,000, as a whole number")],
        ),
        (
            "Project",
            "Plan",
            20_001,
            [ROW],
            [("word_limit", "Enter a word limit between 100 and 20,000, as a whole number")],
        ),
        (
            "Project",
            "Plan",
            2500,
            [ROW, CriterionDraft(3, "  "), CriterionDraft(None, "Shows the plan")],
            [
                ("criterion-2", "Enter criterion 2, or clear its content area"),
                ("area-3", "Select the content area criterion 3 is written against"),
            ],
        ),
    ],
)
def test_task_design_problems_are_all_reported_at_once(title, aim, limit, rows, problems):
    assert task_design_problems(title, aim, limit, rows) == problems
