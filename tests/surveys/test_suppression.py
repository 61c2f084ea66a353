"""The suppression rule as a table: primary, total, secondary (the subtraction case), zeros."""

import pytest

from npq.core.suppression import suppress, too_few

CASES = [
    # cells, total (None: the sum), hidden cells, total hidden
    ("every group large enough", {"a": 12, "b": 9, "c": 5}, None, set(), False),
    ("the total is small: all hidden", {"a": 3, "b": 1}, None, {"a", "b"}, True),
    (
        "one small group: the next smallest goes too, or total - others gives it",
        {"a": 20, "b": 4, "c": 9},
        None,
        {"b", "c"},
        False,
    ),
    ("two small groups hide each other", {"a": 20, "b": 4, "c": 2}, None, {"b", "c"}, False),
    (
        "zero identifies nobody and is not a partner when another cell can be",
        {"a": 20, "b": 3, "c": 0, "d": 7},
        None,
        {"b", "d"},
        False,
    ),
    ("a zero partner when it is the only other cell", {"a": 3, "b": 0}, 8, {"a", "b"}, False),
    ("only one group, total given larger (people in no group)", {"a": 4}, 30, {"a"}, False),
    ("exactly 5 is shown", {"a": 5, "b": 5}, None, set(), False),
    ("nothing at all", {}, None, set(), False),
    ("a total of 4 across groups of 2 and 2", {"a": 2, "b": 2}, None, {"a", "b"}, True),
]


@pytest.mark.parametrize(
    ("cells", "total", "cells_hidden", "total_hidden"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_suppression_table(cells, total, cells_hidden, total_hidden):
    result = suppress(cells, total)
    assert set(result.cells) == cells_hidden
    assert result.total is total_hidden


def test_no_hidden_cell_can_be_recovered_by_subtraction():
    cells = {"Pennine": 4, "Thames": 11, "Solent": 6, "Mersey": 23}
    result = suppress(cells)
    shown = {k: v for k, v in cells.items() if not result.hides(k)}
    assert len(cells) - len(shown) >= 2  # the total minus the shown cells is a sum of two unknowns
    assert sum(cells.values()) - sum(shown.values()) == 10


@pytest.mark.parametrize(("count", "small"), [(0, False), (1, True), (4, True), (5, False), (100, False)])
def test_too_few(count, small):
    assert too_few(count) is small
