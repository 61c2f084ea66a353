"""The declarations and finance world (tests.factories.finance_world) with the clock fixed in March 2026;
tests/finance and the finance browser tests import these fixtures from here."""

import datetime as dt
from collections.abc import Iterator

import pytest

from npq.core import clock
from tests import factories


@pytest.fixture
def frozen_clock() -> Iterator[dt.datetime]:
    token = clock.move_to(factories.MARCH_2026)
    yield factories.MARCH_2026
    clock.reset(token)


@pytest.fixture
def world(reference: None, frozen_clock: dt.datetime) -> factories.FinanceWorld:
    return factories.finance_world()
