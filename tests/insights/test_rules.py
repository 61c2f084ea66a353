"""Insight rules as tables: starts counted once, the funnel, progress to the target, rounding."""

import datetime as dt
from decimal import Decimal

import pytest

from npq.core.suppression import rate
from npq.insights import rules
from npq.insights.rules import Declared, InsightGroup, Measure


@pytest.mark.parametrize(
    ("identifier", "group", "expected"),
    [
        ("npq-leading-teaching", "specialist", InsightGroup.SPECIALIST),
        ("npq-senior-leadership", "leadership", InsightGroup.LEADERSHIP),
        ("npq-early-years-leadership", "leadership", InsightGroup.EARLY_YEARS),
        ("npq-early-headship-coaching-offer", "ehco", InsightGroup.HEADSHIP_COACHING),
        ("npq-additional-support-offer", "support", InsightGroup.HEADSHIP_COACHING),
    ],
)
def test_insight_group(identifier: str, group: str, expected: InsightGroup) -> None:
    assert rules.insight_group(identifier, group) == expected


D = dt.date
SAME_PERSON_TWICE = [Declared(1, 10, 5, D(2022, 3, 1)), Declared(2, 10, 5, D(2022, 1, 1))]


@pytest.mark.parametrize(
    ("applications", "counted"),
    [
        ([Declared(1, 10, 5, D(2022, 1, 1))], {1}),
        ([Declared(1, 10, 5, None)], set()),
        (SAME_PERSON_TWICE, {2}),  # the earlier start counts, once
        ([Declared(1, 10, 5, D(2022, 1, 1)), Declared(2, 10, 5, D(2022, 1, 1))], {1}),  # same day: lower id
        ([Declared(1, 10, 5, D(2022, 1, 1)), Declared(2, 10, 6, D(2022, 1, 1))], {1, 2}),  # another course
        ([Declared(1, 10, 5, D(2022, 1, 1)), Declared(2, 11, 5, D(2022, 1, 1))], {1, 2}),  # another person
    ],
)
def test_counted_starts(applications: list[Declared], counted: set[int]) -> None:
    assert rules.counted_starts(applications) == counted


@pytest.mark.parametrize(
    ("funded_place", "eligible", "funded"),
    [(None, True, True), (None, False, False), (False, True, False), (True, False, True)],
)
def test_is_funded(funded_place: bool | None, eligible: bool, funded: bool) -> None:
    assert rules.is_funded(funded_place, eligible) is funded


def test_funnel_drops() -> None:
    steps = rules.funnel({"registered": 100, "eligible": 80, "accepted": 70, "started": 60, "retained": 50})
    assert [(s.measure, s.count, s.drop) for s in steps[:5]] == [
        (Measure.REGISTERED, 100, None),
        (Measure.ELIGIBLE, 80, 20),
        (Measure.ACCEPTED, 70, 10),
        (Measure.STARTED, 60, 10),
        (Measure.RETAINED, 50, 10),
    ]


@pytest.mark.parametrize(
    ("as_of", "deadline", "months"),
    [(D(2023, 3, 1), D(2024, 8, 31), 18), (D(2024, 8, 31), D(2024, 8, 31), 1), (D(2024, 9, 1), D(2024, 8, 31), 0)],
)
def test_months_left(as_of: dt.date, deadline: dt.date, months: int) -> None:
    assert rules.months_left(as_of, deadline) == months


def test_progress_at_the_seed_position() -> None:
    monthly = {"2022-09": 3000, "2022-10": 2000, "2022-11": 1000, "2022-12": 500, "2023-01": 1500, "2023-02": 2000}
    p = rules.progress(29425, 150000, D(2023, 3, 1), D(2024, 8, 31), monthly)
    assert (p.remaining, p.months_left, p.needed_per_month, rules.about(p.needed_per_month or 0)) == (
        120575,
        18,
        6699,
        6700,
    )
    assert p.current_per_month == 1667
    assert (p.projected_low, p.projected_high) == (29425 + 500 * 18, 29425 + 3000 * 18)
    assert p.on_track is False


def test_progress_with_no_recent_starts_makes_no_projection() -> None:
    p = rules.progress(10, 100, D(2023, 3, 1), D(2024, 8, 31), {"2020-01": 10})
    assert (p.current_per_month, p.projected, p.on_track) == (None, None, None)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")), (1, 8, Decimal("12.5")), (1, 16, Decimal("6.3")), (1, 0, None)],
)
def test_rate_is_rounded_half_up_to_one_place(part: int, whole: int, expected: Decimal | None) -> None:
    assert rate(part, whole) == expected


def test_cells_count_each_measure_once_per_breakdown() -> None:
    fact = rules.Fact(
        "specialist",
        "npq-leading-teaching",
        "2021a",
        "P",
        "",
        "Primary",
        "london",
        "",
        True,
        frozenset({Measure.REGISTERED, Measure.STARTED}),
        "2022-01",
        125000,
    )
    cells = rules.cells(fact)
    assert cells[("all", "all", "started")] == 1
    assert cells[("partner", rules.NOT_KNOWN, "started")] == 1
    assert cells[("region", "london", "started")] == cells[("region", "london", "registered")] == 1
    assert cells[("area", rules.NOT_KNOWN, "started")] == 1
    assert cells[("month", "2022-01", "started")] == 1
    assert cells[("all", "all", "committed")] == 125000
    assert ("all", "all", "completed") not in cells
