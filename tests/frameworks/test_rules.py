from decimal import Decimal

import pytest

from npq.frameworks.rules import (
    ChangeKind,
    CriterionFact,
    ForeignStatement,
    SessionFact,
    StatementFact,
    coverage,
    diff,
    percent,
    review_impact,
)

FW = "npq-x v1"


def st(sid, area=1, text=None, quals=("NPQH",), fw=FW, kind="Learn how to"):
    return StatementFact(fw, sid, area, f"Area {area}", kind, text or f"text {sid}", frozenset(quals))


def sess(seq, teaches=(), assesses=(), fw=FW):
    return SessionFact(
        seq, "M", f"S{seq}", "Face-to-face seminar", tuple((fw, s) for s in teaches), tuple((fw, s) for s in assesses)
    )


STATEMENTS = [st("a1"), st("a2"), st("b1", area=2), st("b2", area=2)]


@pytest.mark.parametrize(
    ("sessions", "covered", "total", "pct", "area_pcts"),
    [
        ([], 0, 4, 0, [0, 0]),
        ([sess(1, ["a1", "a2", "b1", "b2"])], 4, 4, 100, [100, 100]),
        ([sess(1, ["a1"]), sess(2, ["a1"]), sess(3, ["a1", "a1"])], 1, 4, 25, [50, 0]),  # mapped many times: once
        ([sess(1, ["a1", "b1"]), sess(2, ["b2"])], 3, 4, 75, [50, 100]),
    ],
)
def test_coverage_table(sessions, covered, total, pct, area_pcts):
    report = coverage(FW, STATEMENTS, sessions)
    assert (report.covered, report.total, report.percent) == (covered, total, Decimal(pct))
    assert [a.percent for a in report.areas] == [Decimal(p) for p in area_pcts]


def test_coverage_says_where_each_statement_is_taught():
    report = coverage(FW, STATEMENTS, [sess(2, ["a1"]), sess(1, ["a1"])])
    row = report.areas[0].statements[0]
    assert [p.sequence for p in row.taught_in] == [1, 2]
    assert [s.sid for s in report.uncovered()] == ["a2", "b1", "b2"]


@pytest.mark.parametrize(
    ("sessions", "bad"),
    [
        ([sess(1, ["a1"], fw="npq-x v2")], [(1, "npq-x v2", "a1")]),
        ([sess(1, ["zz"])], [(1, FW, "zz")]),
        ([sess(1, ["a1"]), sess(2, assesses=["q9"])], [(2, FW, "q9")]),
    ],
)
def test_statement_of_another_version_is_an_error_not_a_miss(sessions, bad):
    with pytest.raises(ForeignStatement) as exc:
        coverage(FW, STATEMENTS, sessions)
    assert exc.value.refs == bad


@pytest.mark.parametrize(
    ("sessions", "problems"),
    [
        ([sess(1, ["a1"]), sess(2, assesses=["a1"])], []),
        ([sess(1, ["a1"], assesses=["a1"])], []),  # taught and assessed in the same session
        ([sess(1, assesses=["a1"]), sess(2, ["a1"])], [("a1", 1, 2)]),
        ([sess(1, assesses=["a2"])], [("a2", 1, None)]),
    ],
)
def test_sequencing_table(sessions, problems):
    report = coverage(FW, STATEMENTS, sessions)
    got = [
        (p.sid, p.assessed_at.sequence, p.first_taught_at.sequence if p.first_taught_at else None)
        for p in report.sequencing
    ]
    assert got == problems


@pytest.mark.parametrize(("part", "whole", "expected"), [(0, 0, 100), (1, 3, 33), (2, 3, 67), (1, 8, 13), (5, 5, 100)])
def test_percent_rounds_half_up_once(part, whole, expected):
    assert percent(part, whole) == Decimal(expected)


def crit(code, text="t", area="Area 1", tested="Task 2", qual="NPQH"):
    return CriterionFact(qual, code, text, area, tested)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ([st("a1")], [st("a1")], []),
        ([st("a1")], [st("a1"), st("a2")], [("added", "a2", ())]),
        ([st("a1"), st("a2")], [st("a1")], [("removed", "a2", ())]),
        ([st("a1")], [st("a1", text="new words")], [("changed", "a1", ("text",))]),
        ([st("a1")], [st("a1", area=2)], [("changed", "a1", ("content area",))]),
        ([st("a1")], [st("a1", quals=("NPQH", "NPQEL"))], [("changed", "a1", ("qualifications",))]),
        ([st("a1")], [st("a1", fw="npq-x v2")], []),  # the version label is not a change
    ],
)
def test_statement_diff_table(old, new, expected):
    result = diff(old, new, [], [])
    assert [(c.kind.value, c.key, c.fields) for c in result.statements] == expected


def test_criterion_diff_keys_by_qualification_and_code():
    old = [crit("6.3.1"), crit("6.3.2"), crit("1.2.1", qual="NPQSL")]
    new = [crit("6.3.1", tested="Task 1"), crit("1.2.1", qual="NPQSL"), crit("6.3.10")]
    result = diff([], [], old, new)
    assert [(c.kind, c.key, c.fields) for c in result.criteria] == [
        (ChangeKind.CHANGED, "NPQH 6.3.1", ("tested in",)),
        (ChangeKind.REMOVED, "NPQH 6.3.2", ()),
        (ChangeKind.ADDED, "NPQH 6.3.10", ()),
    ]
    assert result.count("criteria", ChangeKind.ADDED) == 1


@pytest.mark.parametrize(
    ("taught", "required_before", "new", "uncovered", "newly", "gone"),
    [
        ({"a1", "a2"}, {"a1", "a2"}, [st("a1"), st("a2")], [], [], []),
        ({"a1"}, {"a1", "a2"}, [st("a1"), st("a2")], ["a2"], [], []),
        ({"a1", "a2"}, {"a1", "a2"}, [st("a1"), st("a2"), st("send")], ["send"], ["send"], []),
        ({"a1", "a2"}, {"a1", "a2"}, [st("a1")], [], [], ["a2"]),
        ({"a1"}, {"a1"}, [st("a1"), st("x", quals=("NPQSL",))], [], [], []),  # other qualification
    ],
)
def test_review_impact_table(taught, required_before, new, uncovered, newly, gone):
    impact = review_impact("C", "NPQH", frozenset(taught), frozenset(required_before), new)
    assert [s.sid for s in impact.uncovered] == uncovered
    assert [s.sid for s in impact.newly_uncovered] == newly
    assert list(impact.no_longer_in_framework) == gone
