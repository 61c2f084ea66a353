import datetime as dt
from typing import Any

import pytest

from npq.declarations.models import Declaration
from npq.declarations.services import record_declaration
from npq.registration.models import Application
from tests.declarations.conftest import frozen_clock, world  # noqa: F401 - fixtures used by the tests
from tests.factories import FinanceWorld as World


def feb(day: int) -> dt.datetime:
    return dt.datetime(2026, 2, day, 9, 0, tzinfo=dt.UTC)


def complete(world: World, application: Application, has_passed: bool | None = True) -> Declaration:  # noqa: F811
    """Started, two retained and completed (with the outcome the provider gives, if any)."""
    for n, kind in enumerate(("started", "retained-1", "retained-2")):
        record_declaration(world.provider, world.actor, world.declare(application, kind, declaration_date=feb(1 + n)))
    extra: dict[str, Any] = {"declaration_date": feb(5)}
    if has_passed is not None:
        extra["has_passed"] = has_passed
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application, "completed", **extra))
    return declaration


@pytest.fixture
def passed(world: World) -> Declaration:  # noqa: F811 - the imported fixture
    """A participant (named with a non-Latin-1 letter) who passed: their award is made."""
    application = world.new_participant(trn="1234567")
    application.user.full_name = "Zoë Łukasiewicz"
    application.user.save()
    return complete(world, application)
