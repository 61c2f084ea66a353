"""Judgement, access and sampling rules as tables."""

import datetime as dt

import pytest

from npq.quality import rules
from npq.quality.rules import Action, ActionStatus, Area, Grade, Kind

OUT, G, RI, INAD = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE


@pytest.mark.parametrize(
    ("quality", "leadership", "overall"),
    [
        (OUT, OUT, OUT),
        (OUT, G, G),
        (G, OUT, G),
        (G, RI, RI),
        (RI, G, RI),
        (OUT, INAD, INAD),
        (INAD, INAD, INAD),
        (RI, INAD, INAD),
    ],
)
def test_overall_is_the_lower_key_judgement(quality, leadership, overall):
    assert rules.overall_grade(quality, leadership) == overall


@pytest.mark.parametrize(
    ("grades", "problems"),
    [
        ({Area.OVERALL: G, Area.QUALITY: G, Area.LEADERSHIP: G}, 0),
        ({Area.OVERALL: RI, Area.QUALITY: G, Area.LEADERSHIP: G}, 0),  # lower than both is allowed
        ({Area.OVERALL: OUT, Area.QUALITY: G, Area.LEADERSHIP: OUT}, 1),  # better than quality
        ({Area.OVERALL: G, Area.QUALITY: G, Area.LEADERSHIP: RI}, 1),  # better than leadership
        ({Area.QUALITY: G, Area.LEADERSHIP: G}, 1),  # overall missing
        ({}, 3),
    ],
)
def test_grade_problems(grades, problems):
    assert len(rules.grade_problems(grades)) == problems


D = dt.date


@pytest.mark.parametrize(
    ("kind", "action", "overall", "published", "due"),
    [
        (Kind.MONITORING, Action.NOT_EFFECTIVE, None, D(2022, 7, 19), D(2023, 7, 19)),  # within a year
        (Kind.MONITORING, Action.EFFECTIVE, None, D(2022, 7, 19), D(2023, 8, 31)),  # AY 2021/22 -> end of 2022/23
        (Kind.FULL, None, OUT, D(2024, 3, 1), D(2025, 8, 31)),  # spring 2024: AY 2023/24 -> end of 2024/25
        (Kind.FULL, None, G, D(2024, 9, 1), D(2026, 8, 31)),  # 1 September starts a new academic year
        (Kind.FULL, None, G, D(2024, 8, 31), D(2025, 8, 31)),
        (Kind.FULL, None, RI, D(2024, 3, 1), D(2025, 3, 1)),
        (Kind.FULL, None, INAD, D(2024, 2, 29), D(2025, 2, 28)),  # a leap day has no anniversary
        (Kind.FULL, None, None, D(2024, 3, 1), D(2025, 8, 31)),  # no overall grade: the usual cycle
    ],
)
def test_next_inspection_due(kind, action, overall, published, due):
    assert rules.next_inspection_due(kind, published, action, overall) == due


T = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("notified", "published", "now", "open_"),
    [
        (T, None, T - H, False),  # before notification
        (T, None, T, True),  # from the moment of notification
        (T, None, T + 1000 * H, True),  # until publication
        (T, T + 5 * H, T + 4 * H, True),
        (T, T + 5 * H, T + 5 * H, False),  # ends when the report is published
        (T, T + 5 * H, T + 6 * H, False),
    ],
)
def test_access_is_open_from_notification_until_publication(notified, published, now, open_):
    assert rules.access_open(notified, published, now) is open_


@pytest.mark.parametrize(
    ("status", "due", "today", "overdue"),
    [
        (ActionStatus.OPEN, D(2026, 11, 29), D(2026, 11, 30), True),
        (ActionStatus.OPEN, D(2026, 11, 30), D(2026, 11, 30), False),  # due today is not overdue yet
        (ActionStatus.DONE, D(2026, 1, 1), D(2026, 11, 30), False),
    ],
)
def test_overdue(status, due, today, overdue):
    assert rules.is_overdue(status, due, today) is overdue


def test_a_sample_is_random_within_strata_and_reproducible_from_its_seed():
    strata = {"Pennine": list(range(1, 41)), "Thames": list(range(100, 103)), "Empty": []}
    first = rules.draw(strata, 5, seed=42)
    assert [len(first[s]) for s in ("Empty", "Pennine", "Thames")] == [0, 5, 3]  # never more than a stratum holds
    assert set(first["Pennine"]) <= set(strata["Pennine"])
    shuffled = {"Thames": [102, 100, 101], "Pennine": list(reversed(range(1, 41))), "Empty": []}
    assert rules.draw(shuffled, 5, seed=42) == first  # the order the ids arrive in does not matter
    assert any(rules.draw(strata, 5, seed=s)["Pennine"] != first["Pennine"] for s in range(1, 5))


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (D(2026, 9, 1), "Autumn 2026"),
        (D(2026, 12, 31), "Autumn 2026"),
        (D(2027, 1, 1), "Spring 2027"),
        (D(2027, 3, 31), "Spring 2027"),
        (D(2027, 4, 1), "Summer 2027"),
        (D(2027, 8, 31), "Summer 2027"),
    ],
)
def test_terms(day, term):
    assert rules.term_of(day).name == term


def test_coverage_counts_observations_in_the_term_only():
    term = rules.term_of(D(2026, 10, 1))
    observed = {1: [D(2026, 10, 2)], 2: [D(2026, 7, 1)], 3: [], 4: [D(2026, 9, 5), D(2026, 11, 5)]}
    assert rules.coverage(observed, term, 1) == ({1, 4}, {2, 3})
    assert rules.coverage(observed, term, 2) == ({4}, {1, 2, 3})
