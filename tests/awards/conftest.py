import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from npq.core import clock
from npq.declarations.models import Declaration
from npq.declarations.services import record_declaration
from npq.registration.models import Application
from tests import factories
from tests.declarations.conftest import frozen_clock, world  # noqa: F401 - fixtures used by the tests
from tests.factories import FinanceWorld as World
from tests.modulewide import built_once, fresh


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


def pass_one(world: World) -> Declaration:  # noqa: F811
    """A participant (named with a non-Latin-1 letter) who passed: their award is made."""
    application = world.new_participant(trn="1234567")
    application.user.full_name = "Zoë Łukasiewicz"
    application.user.save()
    return complete(world, application)


@pytest.fixture
def passed(world: World) -> Declaration:  # noqa: F811 - the imported fixture
    return pass_one(world)


def _passed_world() -> tuple[World, Declaration]:
    token = clock.move_to(factories.MARCH_2026)  # as the world fixture's frozen clock does
    try:
        world = factories.finance_world()  # noqa: F811
        return world, pass_one(world)
    finally:
        clock.reset(token)


@pytest.fixture(scope="module")
def passed_world_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[tuple[World, Declaration]]:
    """The world and its passed participant, made once for a module whose tests all start from them
    (such a module overrides ``world`` and ``passed`` with ``passed_world``); rolled back at its end."""
    with built_once(django_db_blocker, _passed_world) as made:
        yield made


@pytest.fixture
def passed_world(
    passed_world_once: tuple[World, Declaration],
    reference: None,
    frozen_clock: dt.datetime,  # noqa: F811
) -> tuple[World, Declaration]:
    return fresh(passed_world_once)


def passed_once() -> tuple[Any, Any]:
    """``world`` and ``passed`` for a module whose tests all start from one passed participant, both
    taken from ``passed_world`` (made once for the module). In it: ``world, passed = passed_once()``."""

    @pytest.fixture(name="world")
    def world_of_the_pass(passed_world: tuple[World, Declaration]) -> World:
        return passed_world[0]

    @pytest.fixture(name="passed")
    def the_pass(passed_world: tuple[World, Declaration]) -> Declaration:
        return passed_world[1]

    return world_of_the_pass, the_pass
