from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npq.core.money import format_pounds, pence_from_pounds, percent_of


@pytest.mark.parametrize(("pounds", "pence"), [("1985.00", 198500), ("0.01", 1), (800, 80000), ("-12.5", -1250)])
def test_pounds_to_pence(pounds, pence):
    assert pence_from_pounds(pounds) == pence


def test_fractions_of_a_penny_are_refused():
    with pytest.raises(ValueError, match="not a whole number of pence"):
        pence_from_pounds("1.005")


@pytest.mark.parametrize(
    ("amount", "percent", "divisor", "expected"),
    [(198500, 60, 4, 29775), (133300, 60, 3, 26660), (80000, 100, 4, 20000), (1, 50, 1, 1), (3, 50, 1, 2)],
)
def test_percent_rounds_half_up_once(amount, percent, divisor, expected):
    assert percent_of(amount, Decimal(percent), divisor) == expected


@pytest.mark.parametrize(("pence", "text"), [(198500, "£1,985.00"), (-500, "-£5.00"), (7, "£0.07")])
def test_format(pence, text):
    assert format_pounds(pence) == text


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_format_then_parse_round_trips(pence):
    assert pence_from_pounds(format_pounds(pence).replace("£", "").replace(",", "")) == pence
