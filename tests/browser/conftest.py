"""Browser tests: Playwright driving Debian's Chromium (by path) against the live server."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from tests.browser import chromium as chromium_process
from tests.browser.axe import AXE
from tests.browser.server import SharedServer

# Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are still
# synchronous, so Django's async-safety guard is relaxed for browser tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    reason = None
    if not (Path(chromium_process.CHROMIUM).exists() or shutil.which(chromium_process.CHROMIUM)):
        reason = f"Chromium not found at {chromium_process.CHROMIUM}: `make browser` installs Debian's chromium"
    elif not AXE.exists():
        reason = "axe-core not installed: run `make assets` (npm ci)"
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def chromium() -> Any:
    """The worker's Chromium (``tests/browser/chromium.py``): started by the first browser test, and
    stopped before a test that is not a browser test, and at the end of the session."""
    return chromium_process.browser()


@pytest.fixture(scope="session")
def shared_server() -> Iterator[SharedServer]:
    server = SharedServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(shared_server: SharedServer, chromium: Any, db: Any) -> Iterator[SharedServer]:
    """The live server, answering in this test's transaction (see tests/browser/server.py).

    The connection is the test thread's own, which holds the transaction pytest-django rolls back when
    the test ends; when the test ends, its queries must still have been on that connection.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    assert connection.in_atomic_block, "the test's transaction is not on the connection the server would use"
    with shared_server.attached(connection):
        yield shared_server
    assert connections[DEFAULT_DB_ALIAS] is connection, "the test's queries left the connection the server used"


@pytest.fixture
def browser_page(chromium: Any, server: SharedServer) -> Iterator[Any]:
    """A new page at desktop size, with no cookies; navigate with server.url + path."""
    page = chromium_process.new_page("desktop", server.url)
    yield page
    page.close()


@pytest.fixture
def phone_page(chromium: Any, server: SharedServer) -> Iterator[Any]:
    """A small-screen page, as a teacher registering on a phone would see it."""
    page = chromium_process.new_page("phone", server.url)
    yield page
    page.close()
