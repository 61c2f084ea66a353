"""Shared fixtures: reference data, users of each role, signed-in clients, HTML parsing.

Speed: passwords are hashed with MD5 in tests (argon2 costs ~50 ms a user), and the shipped reference
data is loaded once per test database (per xdist worker), not once per test; each test still runs in
its own rolled-back transaction, so nothing it writes reaches the next one.
"""

import asyncio
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection, connections, transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from npq.core import clock
from npq.core.audit import Actor
from npq.people.models import User
from npq.reference.loading import load_reference
from tests import factories
from tests.browser import chromium

PASSWORD = factories.PASSWORD

# Property tests: no per-example deadline and no "too slow" health check, since CI machines are shared
# and a slow example is not a wrong one (each test may still set its own max_examples).
hypothesis_settings.register_profile("npq", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("npq")


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _one_connection_per_thread() -> None:
    """Keep each thread's database connections in a plain thread-local, whatever runs in the thread.

    Django keeps them in asgiref's ``Local``, which switches to a context variable while an event loop
    is marked as running in the thread. Playwright's sync API marks its loop as running in the test's
    thread and drives it from greenlets, each with a context of its own, so the connection a browser
    test's query found could depend on which greenlet and which mark were current: twice in CI a survey
    link the test had just made answered 404, read on a connection outside the test's transaction.
    The tests run no async database code, so here a thread has one set of connections, as the
    service's sync requests do. Set before any connection is opened.
    """
    plain = threading.local()
    for alias in connections.settings:
        opened = getattr(connections._connections, alias, None)
        if opened is not None:
            setattr(plain, alias, opened)
    connections._connections = plain  # type: ignore[assignment]


_one_connection_per_thread()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Any:
    """Tests only: production keeps argon2 (settings.PASSWORD_HASHERS)."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A browser test leaves the worker's Chromium running for the next one (``tests/browser/chromium.py``);
    before any other test, and before its module's fixtures, it is stopped, and Playwright's event loop
    with it."""
    if "browser" not in item.keywords:
        chromium.stop()


@pytest.fixture(scope="session", autouse=True)
def chromium_stopped_at_the_end() -> Iterator[None]:
    yield
    chromium.stop()


@pytest.fixture(autouse=True)
def no_event_loop_outside_browser_tests(request: pytest.FixtureRequest) -> None:
    """A test other than a browser test runs in a plain thread, as the service's requests do.

    Chromium has been stopped by then (``pytest_runtest_setup`` above); a loop still marked as running
    was started somewhere else and left running.
    """
    if "browser" in request.keywords:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    pytest.fail(f"An event loop is running in the test's thread ({loop!r}): stop it where it was started")


@pytest.fixture(scope="session", autouse=True)
def quick_flush() -> Iterator[None]:
    """Transactional tests (concurrency, commits) empty the database after each test.

    On PostgreSQL Django does that with one TRUNCATE of every table, which makes new files for each
    table and index every time (1 to 3 s a test). Deleting the rows of only the tables that have any,
    in one transaction (Django's foreign keys are deferred to the commit), leaves the same empty
    database in a fraction of that.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(
        self: Any, style: Any, tables: list[str], *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        qn = self.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {qn(t)})" for t in tables), tables
            )
            filled = [row[0] for row in cursor.fetchall()]
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {qn(t)}" for t in filled)]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = truncate  # type: ignore[method-assign]


@pytest.fixture(scope="session", autouse=True)
def reference_after_flush() -> Iterator[None]:
    """After a transactional test has emptied the database, the reference data is loaded again, committed.

    Otherwise each later test on the worker loaded it inside its own transaction (``reference``, through
    ``factories.ensure_reference``), and lost it at the rollback: a second or more a test, for every
    test that work stealing put after a transactional one.
    """
    from django.test import TransactionTestCase

    teardown = TransactionTestCase._fixture_teardown

    def fixture_teardown(self: TransactionTestCase) -> None:
        teardown(self)  # the flush (TestCase, which rolls back instead, has a teardown of its own)
        load_reference(Actor.command("test"))

    TransactionTestCase._fixture_teardown = fixture_teardown  # type: ignore[method-assign]
    yield
    TransactionTestCase._fixture_teardown = teardown  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The test database, with the shipped reference data loaded once for the whole session.

    Tests build their tables from the models (``--nomigrations`` in pyproject.toml: the 60-odd
    migrations cost each test worker about 11 s of CPU); ``make lint`` checks that the migrations
    match the models, ``.ci/run`` applies them to PostgreSQL and the benchmark tests to SQLite. The one
    thing a migration adds that no model says, the trigram index of people's names, is added here by
    the migration's own code.
    """
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            import_module("npq.people.migrations.0007_full_name_trigram").create(None, editor)
        load_reference(Actor.command("test"))


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    """Data built once for a module, in a transaction rolled back when the module ends.

    Each test of the module still runs in its own savepoint inside it (pytest-django's ``db``), so what
    one test writes is undone before the next, and nothing built here reaches another module.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


DEMO_DAY = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo_day() -> Iterator[None]:
    """The clock at the morning the demo data is written for."""
    token = clock.move_to(DEMO_DAY)
    yield
    clock.reset(token)


@pytest.fixture
def reference(db: Any) -> None:
    """The shipped reference data: courses, cohorts, schedules, providers, partners, offerings.

    Loaded once per session (``django_db_setup`` above), and again, committed, after a transactional
    test has emptied the tables (``reference_after_flush``); here it costs one query.
    """
    factories.ensure_reference()


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    """tests.factories.make_user, for tests that take their builders as fixtures."""
    return factories.make_user


@pytest.fixture
def client_as(db: Any) -> Callable[[User], Client]:
    def sign_in(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="npq.people.backends.EmailBackend")
        return client

    return sign_in


def html(response: Any) -> BeautifulSoup:
    """Parse a page response as a person would read it."""
    return BeautifulSoup(response.content.decode(), "html.parser")


def h1(response: Any) -> str:
    heading = html(response).find("h1")
    return heading.get_text(" ", strip=True) if heading else ""


def error_summary(response: Any) -> list[str]:
    summary = html(response).select(".govuk-error-summary__list li")
    return [li.get_text(" ", strip=True) for li in summary]


def run_jobs() -> int:
    """Run the queued background jobs (emails, webhooks) in-process, as ``npq worker`` would."""
    from npq.core.worker import run_pending

    return run_pending("test")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# The longest modules, started first. pytest-django puts tests without a database (the benchmarks'
# subprocesses among them) last, and with work stealing the run then ended with one worker busy on
# them while the other had nothing left; started first, they run while short tests fill the gaps.
LONGEST_FIRST = (
    "tests/test_benchmarks.py",
    "tests/web/test_form_fuzz.py",
    "tests/web/test_demo.py",
    "tests/api/test_fuzz.py",
)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    from django.conf import settings

    # A stable sort after pytest-django's own: everything else keeps its order.
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in LONGEST_FIRST)

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
