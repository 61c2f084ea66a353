import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npq.finance import rules
from npq.finance.rules import GROUP_TERMS, Line, LineKind, StatementState


@pytest.mark.parametrize(
    ("group", "price", "output"),
    [
        ("leadership", 250_000, 37_500),  # 60% over 4 periods = 15%
        ("specialist", 100_000, 20_000),  # 60% over 3 periods = 20%
        ("ehco", 80_000, 20_000),  # 100% over 4 periods = 25%
        ("specialist", 80_001, 16_000),  # 16000.2 rounds to whole pence
        ("leadership", 10, 2),  # 1.5 rounds half up
    ],
)
def test_output_payment_by_course_group(group, price, output):
    terms = GROUP_TERMS[group]
    assert rules.calculate_output_payment(price, terms.output_percent, terms.payment_periods) == output


def test_ehco_has_no_service_fee():
    assert GROUP_TERMS["ehco"].service_fee_percent == 0
    assert rules.calculate_monthly_service_fee(80_000, 100, 0, 4) == 0


def test_service_fee_example_from_the_department():
    # £800 x 72 x 40% / 19 = £1,212.63
    assert rules.calculate_monthly_service_fee(80_000, 72, 40, 19) == 121_263


@given(
    st.integers(min_value=0, max_value=10_000_000),
    st.sampled_from(sorted(GROUP_TERMS)),
    st.integers(min_value=0, max_value=5000),
    st.integers(min_value=1, max_value=36),
)
def test_amounts_are_whole_pence(price, group, target, instalments):
    terms = GROUP_TERMS[group]
    output = rules.calculate_output_payment(price, terms.output_percent, terms.payment_periods)
    fee = rules.calculate_monthly_service_fee(price, target, terms.service_fee_percent, instalments)
    assert type(output) is int and type(fee) is int
    assert abs(output * terms.payment_periods - price * terms.output_percent / 100) <= terms.payment_periods


lines = st.lists(
    st.builds(
        Line,
        kind=st.sampled_from([k.value for k in LineKind]),
        amount=st.integers(min_value=-10_000_000, max_value=10_000_000),
        course=st.sampled_from(["npq-headship", "npq-senco", "npq-leading-literacy"]),
        declaration_type=st.sampled_from(["", "started", "completed"]),
    ),
    max_size=60,
)


@given(lines)
def test_statement_total_is_the_sum_of_its_lines(items):
    totals = rules.calculate_statement_totals(items)
    assert totals.total == sum(line.amount for line in items)
    assert sum(c.total for c in totals.courses) + totals.adjustments == totals.total


def test_statement_totals_by_course_and_kind():
    totals = rules.calculate_statement_totals(
        [
            Line("output", 37_500, "npq-headship", "started"),
            Line("output", 37_500, "npq-headship", "started"),
            Line("reversal", -37_500, "npq-headship", "started"),
            Line("clawback", -37_500, "npq-headship", "started"),
            Line("service-fee", 100_000, "npq-headship"),
            Line("adjustment", -1_234, ""),
        ]
    )
    (headship,) = totals.courses
    assert (totals.output, totals.service_fee, totals.clawbacks, totals.reversals, totals.adjustments) == (
        75_000,
        100_000,
        -37_500,
        -37_500,
        -1_234,
    )
    assert totals.total == 98_766
    assert headship.declarations == {"started": 0}


def test_fractional_amounts_are_refused():
    with pytest.raises(TypeError):
        rules.calculate_statement_totals([Line("output", 1.5)])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("state", "deadline", "today", "due"),
    [
        (StatementState.OPEN, dt.date(2026, 3, 26), dt.date(2026, 3, 26), False),
        (StatementState.OPEN, dt.date(2026, 3, 26), dt.date(2026, 3, 27), True),
        (StatementState.PAYABLE, dt.date(2026, 3, 26), dt.date(2026, 4, 27), False),
    ],
)
def test_statement_becomes_payable_the_day_after_its_deadline(state, deadline, today, due):
    assert rules.is_due_to_become_payable(state, deadline, today) is due


@pytest.mark.parametrize(
    ("state", "target", "allowed"),
    [
        (StatementState.OPEN, StatementState.PAYABLE, True),
        (StatementState.PAYABLE, StatementState.AUTHORISED, True),
        (StatementState.AUTHORISED, StatementState.PAID, True),
        (StatementState.PAYABLE, StatementState.PAID, False),  # never paid without an authorisation
        (StatementState.OPEN, StatementState.PAID, False),
        (StatementState.OPEN, StatementState.AUTHORISED, False),
        (StatementState.PAID, StatementState.OPEN, False),
        (StatementState.AUTHORISED, StatementState.PAYABLE, False),
    ],
)
def test_statement_lifecycle_only_moves_forward_one_step(state, target, allowed):
    assert rules.can_advance(state, target) is allowed


def test_next_open_statement_is_the_earliest_deadline_not_passed():
    statements = [
        (1, StatementState.OPEN, dt.date(2026, 2, 23)),
        (2, StatementState.OPEN, dt.date(2026, 4, 25)),
        (3, StatementState.OPEN, dt.date(2026, 3, 26)),
        (4, StatementState.PAYABLE, dt.date(2026, 3, 20)),
    ]
    assert rules.next_open_statement(statements, dt.date(2026, 3, 10)) == 3
    assert rules.next_open_statement(statements, dt.date(2026, 5, 1)) is None
