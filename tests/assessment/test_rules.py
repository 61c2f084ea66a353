import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npq.assessment import rules
from npq.assessment.rules import Band, Latest, Scheme, SubmitCheck

BANDS = (
    Band("not_met", "Not met", 0, False),
    Band("partly", "Partly met", 1, False),
    Band("met", "Met", 2, True),
    Band("exceeded", "Exceeded", 3, True),
)
SCHEME = Scheme(criteria=("8.1", "2.1", "3.1"), bands=BANDS, pass_mark=6, must_meet=frozenset({"8.1"}))


@pytest.mark.parametrize(
    ("marks", "complete", "total", "passed", "unmet"),
    [
        ({"8.1": "met", "2.1": "met", "3.1": "met"}, True, 6, True, ()),
        ({"8.1": "exceeded", "2.1": "met", "3.1": "partly"}, True, 6, True, ()),
        ({"8.1": "met", "2.1": "met", "3.1": "partly"}, True, 5, False, ()),
        ({"8.1": "partly", "2.1": "exceeded", "3.1": "exceeded"}, True, 7, False, ("8.1",)),
        ({"8.1": "exceeded", "2.1": "exceeded"}, False, 6, None, ()),
        ({}, False, 0, None, ()),
    ],
)
def test_outcome_from_mark_scheme(marks, complete, total, passed, unmet):
    result = rules.outcome(SCHEME, marks)
    assert (result.complete, result.total, result.passed, result.unmet_required) == (complete, total, passed, unmet)
    assert result.max_total == 9


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ({"1.2.1": "met"}, "Criterion 1.2.1 is not tested by this task"),
        ({"8.1": "superb"}, "'superb' is not a band of this mark scheme"),
    ],
)
def test_outcome_refuses_marks_outside_the_scheme(marks, message):
    with pytest.raises(rules.MarkingError, match=message):
        rules.outcome(SCHEME, marks)


def test_met_not_met_scheme_counts_criteria_met():
    scheme = Scheme(criteria=("a", "b", "c"), bands=rules.MET_NOT_MET, pass_mark=3)
    assert rules.outcome(scheme, {"a": "met", "b": "met", "c": "met"}).passed is True
    assert rules.outcome(scheme, {"a": "met", "b": "not_met", "c": "met"}).passed is False


ALL_MET = {"8.1": "met", "2.1": "met", "3.1": "met"}


@pytest.mark.parametrize(
    ("second", "tolerance", "agree", "differences", "outcome_differs"),
    [
        (ALL_MET, 0, True, (), False),
        ({**ALL_MET, "3.1": "exceeded"}, 0, False, (("3.1", 2, 3),), False),
        ({**ALL_MET, "3.1": "exceeded"}, 1, True, (), False),
        ({**ALL_MET, "3.1": "partly"}, 1, False, (), True),  # within tolerance but pass becomes fail
        ({**ALL_MET, "8.1": "not_met"}, 1, False, (("8.1", 2, 0),), True),
    ],
)
def test_compare_second_marking(second, tolerance, agree, differences, outcome_differs):
    comparison = rules.compare(SCHEME, ALL_MET, second, tolerance)
    assert (comparison.agree, comparison.differences, comparison.outcome_differs) == (
        agree,
        differences,
        outcome_differs,
    )


def test_compare_needs_complete_markings():
    with pytest.raises(rules.MarkingError):
        rules.compare(SCHEME, ALL_MET, {"8.1": "met"}, 0)


@pytest.mark.parametrize(
    ("counts", "percent", "expected"),
    [
        ({"a": 10, "b": 3}, 20, {"a": 2, "b": 1}),
        ({"a": 10}, 0, {"a": 0}),
        ({"a": 4}, 100, {"a": 4}),
        ({"a": 0}, 50, {"a": 0}),
        ({"a": 1, "b": 7}, 10, {"a": 1, "b": 1}),
    ],
)
def test_moderation_sample_takes_share_of_each_assessor(counts, percent, expected):
    marked = {who: [f"{who}{i}" for i in range(n)] for who, n in counts.items()}
    sample = rules.moderation_sample(marked, percent, "seed")
    assert {who: len(ids) for who, ids in sample.items()} == expected
    assert all(set(ids) <= set(marked[who]) for who, ids in sample.items())
    assert sample == rules.moderation_sample(marked, percent, "seed")


@given(st.lists(st.text(min_size=1, max_size=8), max_size=40), st.integers(0, 100), st.text(max_size=5))
def test_moderation_sample_is_a_subset_of_the_right_size(items, percent, seed):
    unique = sorted(set(items))
    chosen = rules.moderation_sample({"x": unique}, percent, seed)["x"]
    assert set(chosen) <= set(unique)
    assert len(chosen) == -(-len(unique) * percent // 100)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("One two three.", 3),
        ("well-being is one word", 4),
        ("A – dash and • bullet", 4),
        ("Line one\nline two\ttabbed", 5),
        ("Pupils' progress rose 12% in 2024", 6),
        ("  ...  !!  ", 0),
    ],
)
def test_word_count(text, count):
    assert rules.word_count(text) == count


@pytest.mark.parametrize(
    ("count", "limit", "message"),
    [
        (2500, 2500, None),
        (10, 2500, None),
        (2512, 2500, "Your submission has 2,512 words, which is 12 over the limit of 2,500 (annexes are not counted)"),
    ],
)
def test_over_limit_message(count, limit, message):
    found = rules.over_limit_message(count, limit, "annexes")
    assert (found.split(". Shorten")[0] if found else None) == message


NOW = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
BASE = SubmitCheck(
    now=NOW,
    deadline=NOW + dt.timedelta(days=1),
    resubmission_deadline=NOW + dt.timedelta(days=30),
    latest=Latest.NONE,
    failed_attempts=0,
    resubmissions_allowed=1,
    engagement_percent=95,
    engagement_threshold=90,
)


@pytest.mark.parametrize(
    ("changes", "starts"),
    [
        ({}, None),
        ({"latest": Latest.WAITING}, None),
        ({"engagement_percent": 80}, "You need 90% engagement to submit; yours is 80%"),
        ({"now": NOW + dt.timedelta(days=2)}, "The deadline (02 May 2026 12:00) has passed"),
        ({"latest": Latest.MARKING}, "Your submission is being marked"),
        ({"latest": Latest.PASSED}, "You have passed this task"),
        ({"latest": Latest.FAILED, "failed_attempts": 1, "now": NOW + dt.timedelta(days=2)}, None),
        ({"latest": Latest.FAILED, "failed_attempts": 2}, "You have used the 1 resubmission(s)"),
        (
            {"latest": Latest.FAILED, "failed_attempts": 1, "resubmission_deadline": None},
            "The resubmission deadline has passed",
        ),
    ],
)
def test_refusal(changes, starts):
    import dataclasses

    found = rules.refusal(dataclasses.replace(BASE, **changes))
    assert (found is None) if starts is None else (found or "").startswith(starts)


@pytest.mark.parametrize(
    ("tasks", "passed", "reason"),
    [
        ([], None, "no assessment task has been set"),
        ([("Project 1", True)], True, "passed the assessment task"),
        ([("Project 1", False)], False, "not passed: Project 1"),
        ([("Project 1", True), ("Project 2", None)], None, "no result has been released for Project 2"),
        ([("Project 1", False), ("Project 2", None)], None, "no result has been released for Project 2"),
        ([("Project 1", True), ("Project 2", True)], True, "passed every assessment task"),
        ([("Project 1", True), ("Project 2", False)], False, "not passed: Project 2"),
    ],
)
def test_qualification_result_needs_every_task_decided(tasks, passed, reason):
    assert rules.qualification_result(tasks) == (passed, reason)


@pytest.mark.parametrize(
    ("marks", "complete", "fields"),
    [
        ({"8.1": ("met", "")}, False, []),
        ({"8.1": ("met", "")}, True, ["evidence-8.1", "band-2.1", "band-3.1"]),
        ({"8.1": ("great", "x"), "9.9.9": ("met", "x")}, False, ["band-8.1", "band-9.9.9"]),
        (dict.fromkeys(SCHEME.criteria, ("met", "quote")), True, []),
    ],
)
def test_mark_problems_lists_every_problem(marks, complete, fields):
    assert [field for field, _ in rules.mark_problems(SCHEME, marks, complete)] == fields
