"""Issue 14, item 14: the statements list grouped by cohort and contract, the current statement
first, with filters (the `world` fixture fixes the clock at 10 March 2026)."""

import datetime as dt

import pytest

from npq.finance import rules, services
from npq.finance.rules import StatementPeriod as P
from npq.people.models import Role
from npq.reference.models import Cohort
from tests.conftest import h1, html
from tests.factories import ACTOR

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("deadlines", "today", "periods"),
    [
        ({}, D(2026, 3, 10), {}),
        (
            {1: D(2026, 2, 25), 2: D(2026, 3, 25), 3: D(2026, 4, 25)},
            D(2026, 3, 10),
            {1: P.EARLIER, 2: P.CURRENT, 3: P.LATER},
        ),
        ({2: D(2026, 3, 25), 3: D(2026, 4, 25)}, D(2026, 3, 25), {2: P.CURRENT, 3: P.LATER}),  # deadline day
        ({1: D(2026, 2, 25)}, D(2026, 3, 10), {1: P.EARLIER}),  # every deadline passed: none current
        ({3: D(2026, 4, 25), 2: D(2026, 3, 25)}, D(2025, 1, 1), {2: P.CURRENT, 3: P.LATER}),
    ],
)
def test_statement_periods(deadlines, today, periods):
    assert rules.statement_periods(deadlines, today) == periods


def test_statement_order_puts_current_first_then_newest_earlier_then_soonest_later():
    rows = [(P.LATER, D(2026, 6, 25)), (P.EARLIER, D(2026, 1, 25)), (P.CURRENT, D(2026, 3, 25)),
            (P.LATER, D(2026, 4, 25)), (P.EARLIER, D(2026, 2, 25))]  # fmt: skip
    ordered = sorted(rows, key=lambda r: rules.statement_order(*r))
    assert [r[1].month for r in ordered] == [3, 2, 1, 4, 6]


def _rows(response, group=0):
    table = html(response).select("table")[group]
    return [r.select_one("th").get_text(" ", strip=True) for r in table.select("tbody tr")]


def test_provider_statements_grouped_by_cohort_current_first(world, client_as, make_user):
    for month in (1, 2):
        services.create_statement(ACTOR, world.provider, world.cohort, 2026, month)
    later_cohort = Cohort.objects.get(identifier="2026a")
    services.create_statement(ACTOR, world.provider, later_cohort, 2026, 5)
    own = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    page = own.get("/provider/statements")
    assert h1(page) == "Your payment statements"
    headings = [h.get_text(strip=True) for h in html(page).select("main h2")]
    assert headings == [later_cohort.description, world.cohort.description]
    # On 10 March the March statement's deadline has passed: declarations made now go on April's.
    assert _rows(page, 1) == [
        "April 2026 Current",
        "March 2026",
        "February 2026",
        "January 2026",
        "May 2026",
        "June 2026",
    ]
    contract = html(page).select("main h2")[1].find_next("p").get_text(" ", strip=True)
    assert contract == f"Contract for {world.course.name}."
    later = own.get("/provider/statements", {"period": "later", "cohort": world.cohort.identifier})
    assert _rows(later) == ["May 2026", "June 2026"]
    current = own.get("/provider/statements", {"period": "current"})
    assert [len(t.select("tbody tr")) for t in html(current).select("table")] == [1, 1]


def test_admin_filters_by_provider_and_sees_provider_headings(world, client_as):
    page = client_as(world.admin).get("/finance/statements", {"lead_provider": world.provider.pk})
    headings = [h.get_text(strip=True) for h in html(page).select("main h2")]
    assert headings == [f"{world.provider.name}: {world.cohort.description}"]
    assert _rows(page)[0] == "April 2026 Current"
