import datetime as dt
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


# -- Issue 14 item 10: sessions inside the cohort's schedule; engagement over the sessions that were due.

D = dt.date
SPRING = [(D(2026, 1, 1), D(2026, 4, 2))]
WINDOW = rules.DeliveryWindow(D(2026, 1, 1), D(2028, 4, 1))
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def at(year, month, day):
    return dt.datetime(year, month, day, 16, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("spans", "deadlines", "window"),
    [
        ([], [], None),  # no schedule for the course's group: nothing to check against
        (SPRING, [], WINDOW),  # two years after the last start
        (SPRING + [(D(2026, 3, 1), D(2026, 5, 31))], [None], rules.DeliveryWindow(D(2026, 1, 1), D(2028, 5, 30))),
        (SPRING, [D(2029, 1, 31)], rules.DeliveryWindow(D(2026, 1, 1), D(2029, 1, 31))),  # a later deadline wins
    ],
)
def test_delivery_window(spans, deadlines, window):
    assert rules.delivery_window(spans, deadlines) == window


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (D(2019, 9, 12), True),  # the 2019 session accepted into a 2026 cohort
        (D(2025, 12, 31), True),
        (D(2026, 1, 1), False),
        (D(2028, 4, 1), False),
        (D(2028, 4, 2), True),
    ],
)
def test_session_date_inside_the_schedule(day, refused):
    problem = rules.session_date_problem(day, WINDOW)
    assert (problem is not None) is refused
    if refused:
        assert problem == "Choose a date between 1 January 2026 and 1 April 2028, when the cohort's schedule runs"


def test_no_schedule_means_no_date_check():
    assert rules.session_date_problem(D(2019, 9, 12), None) is None


@pytest.mark.parametrize(
    ("sessions", "due"),
    [
        ([rules.SessionTimes(1, at(2026, 2, 1))], {1}),
        ([rules.SessionTimes(1, at(2026, 2, 1), cancelled=True)], set()),  # cancelled: not counted
        ([rules.SessionTimes(1, at(2027, 2, 1))], set()),  # still to come
        ([rules.SessionTimes(1, at(2019, 9, 12))], set()),  # outside the schedule: never counted
        (
            [
                rules.SessionTimes(1, at(2026, 2, 1)),
                rules.SessionTimes(2, at(2026, 3, 1), True),
                rules.SessionTimes(3, NOW),
            ],
            {1, 3},  # a session starting now is due
        ),
    ],
)
def test_due_sessions(sessions, due):
    assert rules.due_sessions(sessions, NOW, WINDOW) == due


@pytest.mark.parametrize(
    ("due", "marks", "percent", "held"),
    [
        # eleven sessions all attended, and one from 2019 nobody attended: still 100%, not 91%
        (set(range(1, 12)), dict.fromkeys(range(1, 12), "attended"), 100, 11),
        # a mark for a cancelled (not due) session is left out
        ({1, 2}, {1: "attended", 2: "partial", 3: "absent"}, 75, 2),
        ({1, 2}, {1: "attended"}, 50, 2),  # a due session with no record counts as absent
        (set(), {}, 0, 0),
    ],
)
def test_engagement_over_due_sessions(due, marks, percent, held):
    found = rules.engagement_over_due(due, marks)
    assert (found.percent, found.sessions_held) == (percent, held)


S = rules.SessionState


@pytest.mark.parametrize(
    ("starts_at", "cancelled", "state"),
    [
        (at(2027, 1, 1), False, S.UPCOMING),
        (at(2026, 2, 1), False, S.HELD),
        (at(2026, 2, 1), True, S.CANCELLED),
        (at(2027, 1, 1), True, S.CANCELLED),
        (at(2019, 9, 12), False, S.NOT_COUNTED),
    ],
)
def test_session_state(starts_at, cancelled, state):
    assert rules.session_state(starts_at, NOW, cancelled, WINDOW) == state


# -- Issue 14 item 11: a place booked means a session to come; attendance means a session held.

P = rules.YourPlace


@pytest.mark.parametrize(
    ("state", "booked", "attendance", "reads"),
    [
        (S.UPCOMING, True, None, P.BOOKED),
        (S.UPCOMING, False, None, P.NOT_BOOKED),
        (S.HELD, False, "attended", P.ATTENDED),  # attended without booking: reads attended, not "signed up: no"
        (S.HELD, True, "partial", P.PARTIAL),
        (S.HELD, True, None, P.NOT_RECORDED),
        (S.HELD, False, "absent", P.ABSENT),
        (S.CANCELLED, True, None, P.CANCELLED),
        (S.NOT_COUNTED, False, "attended", P.NOT_COUNTED),
    ],
)
def test_your_place(state, booked, attendance, reads):
    assert rules.your_place(state, booked, attendance) == reads


# -- Issue 14 item 12: places on sessions to come can be booked and given up.


@pytest.mark.parametrize(
    ("state", "booking", "booked", "problem"),
    [
        (S.UPCOMING, True, False, None),
        (S.UPCOMING, False, True, None),
        (S.UPCOMING, True, True, "You already have a place on this session"),
        (S.UPCOMING, False, False, "You do not have a place on this session to cancel"),
        (S.HELD, True, False, "This session has already started, so places can no longer change"),
        (S.HELD, False, True, "This session has already started, so places can no longer change"),
        (S.CANCELLED, True, False, "This session has been cancelled"),
    ],
)
def test_place_change_problem(state, booking, booked, problem):
    assert rules.place_change_problem(state, booking, booked) == problem
