"""Data built once for a test module, for tests that only start from it.

A module fixture builds the data inside ``tests.conftest.rolled_back`` (a transaction rolled back when
the module ends) and each test takes ``fresh(...)`` of it: a deep copy of the Python objects, so an
attribute one test changes in memory does not reach the next, while what a test writes to the database
is undone by its own savepoint (pytest-django's ``db``). Every test of such a module that uses the
database sees these rows, so a module is built this way only when its tests all start from them.
"""

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest

from tests.conftest import rolled_back
from tests.factories import ensure_reference

Built = TypeVar("Built")


@contextmanager
def built_once(django_db_blocker: Any, build: Callable[[], Built]) -> Iterator[Built]:
    """What ``build()`` returns, its rows kept until the module ends (then rolled back)."""
    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock():
            ensure_reference()
            value = build()
        yield value


def fresh(value: Built) -> Built:
    """A test's own copy of the objects built for its module (the rows are shared, and rolled back)."""
    return copy.deepcopy(value)


def module_fixtures(build: Callable[[], Any], name: str) -> tuple[Any, Any]:
    """A module's two fixtures for data built this way: ``built`` (made once for the module) and
    ``name`` (a test's fresh copy of it). In the module: ``built, world = module_fixtures(_build, "world")``."""

    @pytest.fixture(scope="module", name="built")
    def built(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
        with built_once(django_db_blocker, build) as value:
            yield value

    @pytest.fixture(name=name)
    def copy_for_the_test(built: Any, reference: Any) -> Any:
        return fresh(built)

    return built, copy_for_the_test
