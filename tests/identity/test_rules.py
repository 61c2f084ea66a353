"""npq.identity.rules.merge_problems as a table."""

import pytest

from npq.identity.rules import MergeCase, Side, merge_problems

A, B = "aaaaaaaa-0000-0000-0000-000000000001", "bbbbbbbb-0000-0000-0000-000000000002"


def side(pid=A, participant=True, retired=False, trn="", enrolments=()):
    return Side(participant_id=pid, is_participant=participant, retired=retired, trn=trn, enrolments=enrolments)


HEADSHIP_25 = (("npq-headship", "2025a"),)

CASES = [
    # (name, retiring, keeping, clashes, expected (field, words in message) or None)
    ("plain duplicate", side(A), side(B), (), None),
    ("same record", side(A), side(A), (), ("to_participant_id", "two different")),
    ("retiring is staff", side(A, participant=False), side(B), (), ("from_participant_id", "staff account")),
    ("keeping is staff", side(A), side(B, participant=False), (), ("to_participant_id", "staff account")),
    ("retiring already retired", side(A, retired=True), side(B), (), ("from_participant_id", "already retired")),
    ("keeping already retired", side(A), side(B, retired=True), (), ("to_participant_id", "already retired")),
    ("different TRNs", side(A, trn="1234567"), side(B, trn="7654321"), (), ("from_participant_id", "different TRNs")),
    ("one TRN only", side(A, trn="1234567"), side(B), (), None),
    ("same TRN", side(A, trn="1234567"), side(B, trn="1234567"), (), None),
    (
        "both accepted for one course and cohort",
        side(A, enrolments=HEADSHIP_25),
        side(B, enrolments=HEADSHIP_25),
        (),
        ("from_participant_id", "Both people hold an accepted npq-headship application in cohort 2025a"),
    ),
    (
        "same course, other cohort",
        side(A, enrolments=HEADSHIP_25),
        side(B, enrolments=(("npq-headship", "2026a"),)),
        (),
        None,
    ),
    (
        "other course, same cohort",
        side(A, enrolments=HEADSHIP_25),
        side(B, enrolments=(("npq-senco", "2025a"),)),
        (),
        None,
    ),
    (
        "ASO and EHCO are one family",
        side(A, enrolments=(("npq-additional-support-offer", "2025a"),)),
        side(B, enrolments=(("npq-early-headship-coaching-offer", "2025a"),)),
        (),
        ("from_participant_id", "Both people hold"),
    ),
    (
        "records elsewhere collide",
        side(A),
        side(B),
        ("places in the same delivery cohort",),
        ("from_participant_id", "places in the same delivery cohort"),
    ),
]


@pytest.mark.parametrize(("name", "retiring", "keeping", "clashes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_merge_problems(name, retiring, keeping, clashes, expected):
    problems = merge_problems(MergeCase(retiring=retiring, keeping=keeping, clashes=clashes))
    if expected is None:
        assert problems == []
    else:
        field, words = expected
        assert problems, name
        assert problems[0][0] == field
        assert words in problems[0][1]


def test_every_problem_is_reported_at_once():
    problems = merge_problems(
        MergeCase(
            retiring=side(A, participant=False, trn="1111111"),
            keeping=side(B, retired=True, trn="2222222"),
        )
    )
    assert [f for f, _m in problems] == ["from_participant_id", "to_participant_id", "from_participant_id"]
