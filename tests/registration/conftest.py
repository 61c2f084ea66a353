import datetime as dt

import pytest

from npq.core import clock
from tests.factories import make_school


@pytest.fixture(autouse=True)
def november_2026():
    token = clock.move_to(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC))
    yield
    clock.reset(token)


@pytest.fixture
def schools(reference):
    return {
        "marys": make_school("100001", "St Mary's C of E Primary School", town="Tiverton"),
        "welsh": make_school("100002", "Ysgol Gymraeg", type_code="30", la_code="673"),
        "independent": make_school("100003", "Harrow Hill Independent School", type_code="11"),
    }
