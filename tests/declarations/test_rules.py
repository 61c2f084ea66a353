import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npq.declarations import rules
from npq.declarations.rules import DeclarationRequest, Existing, State

D = dt.date
LEADERSHIP = ("started", "retained-1", "retained-2", "completed")
SPECIALIST = ("started", "retained-1", "completed")
P1, P2, P3 = "p-1", "p-2", "p-3"


def request(**overrides):
    values = {
        "declaration_type": "started",
        "declaration_date": D(2026, 2, 1),
        "today": D(2026, 3, 10),
        "course_group": "leadership",
        "cohort_start_year": 2025,
        "schedule_applies_from": D(2026, 1, 1),
        "allowed_types": LEADERSHIP,
        "delivery_partner_id": P1,
        "partners_in_partnership": frozenset({P1, P2}),
        "partner_ids_known": frozenset({P1, P2, P3}),
    }
    values.update(overrides)
    return DeclarationRequest(**values)


def messages(req):
    return [m for _, m in rules.assess_declaration(req)]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, []),
        ({"declaration_date": D(2026, 3, 11)}, ["The declaration date cannot be in the future"]),
        (
            {"declaration_date": D(2025, 12, 31)},
            ["The declaration date cannot be before the schedule starts (2026-01-01)"],
        ),
        (
            {
                "declaration_type": "retained-2",
                "allowed_types": SPECIALIST,
                "existing": (Existing("started", D(2026, 1, 5)), Existing("retained-1", D(2026, 1, 20))),
            },
            ["The schedule does not allow retained-2 declarations"],
        ),
        ({"declaration_type": "halfway"}, ["The declaration type halfway does not exist"]),
        ({"schedule_applies_from": None}, ["The participant has no schedule; accept the application first"]),
        ({"withdrawn_on": D(2026, 1, 31)}, ["The participant withdrew on 2026-01-31; declare on or before that date"]),
        ({"withdrawn_on": D(2026, 2, 1)}, []),
        (
            {"existing": (Existing("started", D(2026, 1, 5)),)},
            ["A started declaration has already been submitted for this course"],
        ),
    ],
)
def test_declaration_checks(overrides, expected):
    assert messages(request(**overrides)) == expected


@pytest.mark.parametrize(
    ("declaration_type", "allowed", "existing", "expected"),
    [
        ("retained-1", LEADERSHIP, (), ["A retained-1 declaration needs a started declaration first"]),
        ("retained-1", LEADERSHIP, (("started", D(2026, 1, 5)),), []),
        (
            "completed",
            LEADERSHIP,
            (("started", D(2026, 1, 5)), ("retained-1", D(2026, 1, 9))),
            ["A completed declaration needs a retained-2 declaration first"],
        ),
        ("completed", SPECIALIST, (("started", D(2026, 1, 5)), ("retained-1", D(2026, 1, 9))), []),
        (
            "retained-1",
            LEADERSHIP,
            (("started", D(2026, 2, 2)),),
            ["The declaration date must be on or after the started declaration date (2026-02-02)"],
        ),
    ],
)
def test_milestones_must_come_in_order(declaration_type, allowed, existing, expected):
    req = request(
        declaration_type=declaration_type,
        allowed_types=allowed,
        course_group="specialist" if allowed == SPECIALIST else "leadership",
        existing=tuple(Existing(t, d) for t, d in existing),
        has_passed=True if declaration_type == "completed" else None,
    )
    assert messages(req) == expected


def test_milestone_window_where_the_schedule_defines_one():
    req = request(milestone_starts={"started": D(2026, 2, 2)})
    assert messages(req) == ["The started milestone opens on 2026-02-02; declare on or after it"]
    assert messages(request(milestone_starts={"started": D(2026, 2, 1)})) == []


@pytest.mark.parametrize(
    ("group", "has_passed", "expected"),
    [
        ("leadership", None, ["Enter has_passed (true or false) for a completed declaration"]),
        ("leadership", False, []),
        ("ehco", None, []),
        ("ehco", True, ["Leave has_passed blank: it is only for completed declarations on NPQs"]),
    ],
)
def test_has_passed_only_for_completed_npqs(group, has_passed, expected):
    existing = tuple(Existing(t, D(2026, 1, 5)) for t in ("started", "retained-1", "retained-2"))
    req = request(declaration_type="completed", course_group=group, has_passed=has_passed, existing=existing)
    assert messages(req) == expected


@pytest.mark.parametrize(
    ("year", "england", "primary", "secondary", "expected"),
    [
        (2025, True, P1, None, []),
        (2025, True, None, None, ["Enter a delivery partner for cohorts from 2024"]),
        (2023, True, None, None, []),
        (2025, True, P1, P1, ["The secondary delivery partner must be a different one"]),
        (
            2025,
            True,
            None,
            P2,
            ["A secondary delivery partner needs a delivery partner", "Enter a delivery partner for cohorts from 2024"],
        ),
        (2025, True, P3, None, ["The delivery partner p-3 does not work with you in this cohort"]),
        (2025, True, "nope", None, ["The delivery partner nope does not exist"]),
        (2025, False, P1, None, ["Leave delivery partners blank for participants outside England"]),
        (2025, False, None, None, []),
    ],
)
def test_delivery_partner_rules(year, england, primary, secondary, expected):
    problems = rules.assess_delivery_partners(
        year, england, primary, secondary, frozenset({P1, P2, P3}), frozenset({P1, P2})
    )
    assert [m for _, m in problems] == expected


@pytest.mark.parametrize(
    ("funding", "eligible", "funded_place", "fundable"),
    [
        ("full", True, None, True),
        ("full", False, None, False),
        ("capped", True, True, True),
        ("capped", True, False, False),
        ("capped", True, None, False),
        ("zero", True, True, False),
    ],
)
def test_fundable(funding, eligible, funded_place, fundable):
    assert rules.is_fundable(funding, eligible, funded_place) is fundable


@pytest.mark.parametrize(
    ("fundable", "duplicate", "state"),
    [(True, False, State.ELIGIBLE), (False, False, State.SUBMITTED), (True, True, State.INELIGIBLE)],
)
def test_initial_state(fundable, duplicate, state):
    assert rules.initial_state(fundable, duplicate) == state


@pytest.mark.parametrize(
    ("state", "target"),
    [
        (State.SUBMITTED, State.VOIDED),
        (State.ELIGIBLE, State.VOIDED),
        (State.PAYABLE, State.VOIDED),
        (State.INELIGIBLE, State.VOIDED),
        (State.PAID, State.AWAITING_CLAWBACK),
        (State.VOIDED, None),
        (State.AWAITING_CLAWBACK, None),
        (State.CLAWED_BACK, None),
    ],
)
def test_void_target(state, target):
    assert rules.void_target(state) == target


@given(st.lists(st.sampled_from(list(State)), min_size=1, max_size=12))
def test_no_path_leaves_a_terminal_state_or_returns_to_paid_after_clawback(path):
    current = State.SUBMITTED
    seen_clawback = False
    for target in path:
        if rules.can_transition(current, target):
            current = target
            seen_clawback = seen_clawback or current == State.AWAITING_CLAWBACK
        assert not (seen_clawback and current in rules.BILLABLE)
    assert rules.TRANSITIONS[State.VOIDED] == frozenset()
