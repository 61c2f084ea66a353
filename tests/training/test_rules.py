import datetime as dt

import pytest

from npq.training import rules
from npq.training.rules import Action, Funding, Status

S = frozenset(
    {
        "npq-leadership-spring",
        "npq-leadership-autumn",
        "npq-specialist-spring",
        "npq-specialist-autumn",
        "npq-ehco-november",
        "npq-ehco-december",
        "npq-ehco-march",
        "npq-ehco-june",
        "npq-aso-december",
    }
)


@pytest.mark.parametrize(
    ("group", "year", "suffix", "on", "available", "expected"),
    [
        ("leadership", 2026, "a", dt.date(2026, 9, 1), S, "npq-leadership-spring"),
        ("specialist", 2026, "b", dt.date(2026, 2, 1), S, "npq-specialist-autumn"),
        ("leadership", 2025, "a", dt.date(2025, 9, 1), S, "npq-leadership-autumn"),
        ("leadership", 2025, "a", dt.date(2024, 12, 1), S, "npq-leadership-spring"),
        ("leadership", 2024, "a", dt.date(2024, 12, 1), S, "npq-leadership-autumn"),
        ("leadership", 2023, "a", dt.date(2023, 3, 1), S, "npq-leadership-spring"),
        ("leadership", 2023, "a", dt.date(2023, 4, 3), S, "npq-leadership-autumn"),
        ("leadership", 2023, "a", dt.date(2023, 12, 27), S, "npq-leadership-spring"),
        ("leadership", 2023, "a", dt.date(2023, 12, 25), S, "npq-leadership-autumn"),
        ("leadership", 2023, "a", dt.date(2023, 9, 1), frozenset({"npq-leadership-spring"}), "npq-leadership-spring"),
        ("leadership", 2023, "a", dt.date(2023, 9, 1), frozenset(), None),
        ("ehco", 2024, "a", dt.date(2024, 10, 1), S, "npq-ehco-november"),
        ("ehco", 2024, "a", dt.date(2025, 1, 15), S, "npq-ehco-december"),
        ("ehco", 2024, "a", dt.date(2025, 4, 1), S, "npq-ehco-march"),
        ("ehco", 2024, "a", dt.date(2025, 7, 1), S, "npq-ehco-june"),
        ("ehco", 2026, "a", dt.date(2026, 2, 1), frozenset({"npq-ehco-march"}), "npq-ehco-march"),
        ("support", 2021, "a", dt.date(2021, 5, 1), S, "npq-aso-december"),
    ],
)
def test_auto_schedule(group, year, suffix, on, available, expected):
    assert rules.auto_schedule(group, year, suffix, on, available) == expected


@pytest.mark.parametrize(
    ("funding", "funded_place", "eligible", "problem_field"),
    [
        (Funding.FULL, None, True, None),
        (Funding.FULL, True, True, "funded_place"),
        (Funding.CAPPED, None, True, "funded_place"),
        (Funding.CAPPED, True, True, None),
        (Funding.CAPPED, True, False, "funded_place"),
        (Funding.CAPPED, False, False, None),
        (Funding.ZERO, False, True, None),
        (Funding.ZERO, True, True, "funded_place"),
        (Funding.ZERO, None, True, "funded_place"),
    ],
)
def test_funded_place_on_accept(funding, funded_place, eligible, problem_field):
    problem = rules.funded_place_problem(funding, funded_place, eligible)
    assert (problem[0] if problem else None) == problem_field


@pytest.mark.parametrize(
    ("action", "current", "types", "allowed"),
    [
        (Action.DEFER, Status.ACTIVE, frozenset({"started"}), True),
        (Action.DEFER, Status.ACTIVE, frozenset(), False),
        (Action.DEFER, Status.DEFERRED, frozenset({"started"}), False),
        (Action.DEFER, Status.WITHDRAWN, frozenset({"started"}), False),
        (Action.RESUME, Status.DEFERRED, frozenset(), True),
        (Action.RESUME, Status.ACTIVE, frozenset(), False),
        (Action.RESUME, Status.WITHDRAWN, frozenset({"started"}), False),  # our decision
        (Action.WITHDRAW, Status.ACTIVE, frozenset({"started"}), True),
        (Action.WITHDRAW, Status.DEFERRED, frozenset({"started"}), True),
        (Action.WITHDRAW, Status.ACTIVE, frozenset({"retained-1"}), False),
        (Action.WITHDRAW, Status.WITHDRAWN, frozenset({"started"}), False),
    ],
)
def test_training_transitions(action, current, types, allowed):
    assert (rules.transition_problem(action, current, types) is None) is allowed


@pytest.mark.parametrize(
    ("status", "other", "expected"),
    [("pending", False, None), ("pending", True, "base"), ("accepted", False, "base"), ("rejected", False, "base")],
)
def test_accept_problem(status, other, expected):
    problem = rules.accept_problem(status, other)
    assert (problem[0] if problem else None) == expected


def test_rebranded_courses_are_one_family():
    assert rules.same_family("npq-additional-support-offer", "npq-early-headship-coaching-offer")
    assert not rules.same_family("npq-headship", "npq-senco")


def _change(**overrides):
    base = {
        "status": Status.ACTIVE,
        "current_schedule": "npq-leadership-autumn",
        "new_schedule": "npq-leadership-spring",
        "new_group": "leadership",
        "course_group": "leadership",
        "cohort_changes": False,
        "from_funding": Funding.CAPPED,
        "to_funding": Funding.CAPPED,
        "new_applies_from": dt.date(2025, 1, 1),
        "new_allowed_types": frozenset({"started", "retained-1"}),
        "live_declarations": (),
    }
    base.update(overrides)
    return rules.ScheduleChange(**base)


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({}, []),
        ({"status": Status.WITHDRAWN}, ["base"]),
        ({"new_group": "specialist"}, ["schedule_identifier"]),
        ({"new_schedule": "npq-leadership-autumn"}, ["schedule_identifier"]),
        ({"cohort_changes": True, "live_declarations": (("started", dt.date(2025, 2, 1)),)}, ["cohort"]),
        ({"cohort_changes": True, "to_funding": Funding.FULL}, ["cohort"]),
        ({"cohort_changes": True, "from_funding": Funding.ZERO}, ["cohort"]),
        ({"live_declarations": (("completed", dt.date(2025, 2, 1)),)}, ["schedule_identifier"]),
        ({"live_declarations": (("started", dt.date(2024, 12, 1)),)}, ["schedule_identifier"]),
        ({"has_contract": False}, ["cohort"]),
        ({"cohort_changes": True, "from_funding": Funding.FULL, "to_funding": Funding.ZERO}, []),
        ({"cohort_changes": True, "from_funding": Funding.FULL, "to_funding": Funding.CAPPED}, []),
        ({"cohort_changes": True, "from_funding": Funding.CAPPED, "to_funding": Funding.ZERO}, []),
        ({"cohort_changes": True, "new_schedule": "npq-leadership-autumn"}, []),  # same name, other cohort
        ({"status": Status.DEFERRED}, []),
        (
            {"status": Status.WITHDRAWN, "new_group": "specialist", "has_contract": False},
            ["base", "schedule_identifier", "cohort"],
        ),
    ],
)
def test_change_schedule_problems(overrides, fields):
    assert [f for f, _m in rules.change_schedule_problems(_change(**overrides))] == fields
