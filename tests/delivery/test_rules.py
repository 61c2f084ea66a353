from decimal import Decimal

import pytest

from npq.delivery import rules


@pytest.mark.parametrize(
    ("held", "marks", "percent", "meets_90"),
    [
        (0, [], 0, False),
        (10, ["attended"] * 9 + ["absent"], 90, True),
        (10, ["attended"] * 8 + ["partial"] * 2, 90, True),
        (10, ["attended"] * 8 + ["partial"], 85, False),  # a held session with no record is absent
        (3, ["attended", "partial", "absent"], 50, False),
        (8, ["attended"] * 7 + ["partial"], 94, True),  # 93.75 rounds half up to 94
        (1, ["attended"], 100, True),
    ],
)
def test_engagement(held, marks, percent, meets_90):
    found = rules.engagement(held, marks)
    assert found.percent == percent
    assert found.meets(90) is meets_90


def test_engagement_refuses_more_records_than_sessions():
    with pytest.raises(ValueError, match="3 attendance records for 2 sessions held"):
        rules.engagement(2, ["attended"] * 3)


@pytest.mark.parametrize(
    ("ratings", "problems"),
    [({"a": 1, "b": 5}, []), ({"a": 0, "b": 6}, ["a", "b"]), ({"a": 3}, ["b"]), ({"a": "3", "b": True}, ["a", "b"])],
)
def test_check_ratings(ratings, problems):
    assert rules.check_ratings(ratings, ["a", "b"]) == problems


def test_development_priorities_lowest_combined_first_then_biggest_gap():
    own = {"resilience": 2, "integrity": 5, "awareness": 4, "respect": 3}
    others = [
        {"resilience": 2, "awareness": 2, "respect": 4},
        {"resilience": 3, "awareness": 2, "respect": 2},
        {"resilience": 1, "awareness": 2, "respect": 3},
    ]
    found = rules.development_priorities(own, others, limit=3)
    assert [p.behaviour for p in found] == ["resilience", "awareness", "respect"]
    assert found[1].others_average == Decimal("2.0") and found[1].gap == Decimal("-2.0")


@pytest.mark.parametrize(
    ("scores", "average"),
    [
        ([], None),
        ([4], None),  # one colleague: their exact rating would show
        ([4, 2], None),  # two: each could work out the other's
        ([4, 2, 3], Decimal("3.0")),
        ([5, 4, 4], Decimal("4.3")),
        ([1, 2, 2, 2], Decimal("1.8")),  # 1.75 rounds half up
    ],
)
def test_colleagues_average_is_shown_only_from_three_responses(scores, average):
    assert rules.colleagues_average(scores) == average


def test_development_priorities_hide_the_average_of_fewer_than_three_colleagues():
    found = rules.development_priorities({"a": 3, "b": 4}, [{"a": 1, "b": 5}, {"a": 2, "b": 5}], limit=2)
    assert [(p.behaviour, p.others_average, p.gap) for p in found] == [("a", None, 0), ("b", None, 0)]


def test_development_priorities_without_colleagues_uses_own_ratings():
    found = rules.development_priorities({"b": 3, "a": 3, "c": 1}, [], limit=2)
    assert [(p.behaviour, p.others_average) for p in found] == [("c", None), ("a", None)]


MODES = ["self_study", "face_to_face", "live_video", "coaching"]


@pytest.mark.parametrize(
    ("title", "mode", "place", "link", "duration", "fields"),
    [
        ("Seminar", "self_study", "", "", 90, []),
        ("", "", "", "", 90, ["title", "mode"]),
        ("Seminar", "face_to_face", " ", "", 4, ["duration", "place"]),
        ("Seminar", "live_video", "", "", None, ["link"]),
        ("Seminar", "coaching", "", "meet.example/a", 601, ["duration", "link"]),
        ("Seminar", "live_video", "", "http://meet.example/a", 600, []),
    ],
)
def test_session_problems_lists_every_problem(title, mode, place, link, duration, fields):
    problems = rules.session_problems(title, mode, MODES, place, link, duration)
    assert [field for field, _ in problems] == fields
