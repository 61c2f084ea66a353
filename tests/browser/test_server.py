"""The browser tests' live server (tests/browser/server.py) runs what a request leaves for its commit
when the request ends, and answers no one between tests. (That it answers in the test's transaction,
seeing what the test wrote and writing what the test then reads, every browser test shows.) A test's
queries stay on one connection while Playwright runs, whether or not its event loop is marked as
running in the thread."""

import asyncio
import http.client
from typing import Any

import pytest
from django.core import mail
from django.db import DEFAULT_DB_ALIAS, connections
from django_tasks_db.models import DBTaskResult

from npq.core.models import SentEmail
from npq.people.models import User
from tests import conftest as root_conftest
from tests.browser.pages import visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_requests_commit_callbacks_run_when_the_request_ends(browser_page: Any, settings: Any) -> None:
    settings.NPQ_EMAIL_AT_COMMIT = True  # development's console email: sent when the transaction commits
    visit(browser_page, "/sign-in/code")
    browser_page.fill("#email", "kit@example.org")
    browser_page.click("button:has-text('Send code')")
    browser_page.wait_for_selector("#code")
    email = SentEmail.objects.get(to="kit@example.org")  # the query waits for the request to end
    assert email.outcome == SentEmail.Outcome.SENT
    assert "Your code is" in mail.outbox[-1].body
    assert not DBTaskResult.objects.exists()  # sent at once, not queued for the worker


def test_between_tests_the_server_answers_503(shared_server: Any) -> None:
    connection = http.client.HTTPConnection(shared_server.thread.host, shared_server.thread.port, timeout=30)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 503


def test_the_tests_connection_does_not_follow_playwrights_event_loop(
    chromium: Any, server: Any, make_user: Any
) -> None:
    loop = asyncio.get_running_loop()  # Playwright's, marked as running in this thread while it is started
    connection = connections[DEFAULT_DB_ALIAS]
    kit = make_user(email="kit@example.org")
    asyncio._set_running_loop(None)  # as the loop's own run does when it ends
    try:
        assert connections[DEFAULT_DB_ALIAS] is connection
        assert User.objects.filter(pk=kit.pk).exists()  # still in the test's transaction
    finally:
        asyncio._set_running_loop(loop)


def test_assets_are_served_as_the_service_serves_them(browser_page: Any) -> None:
    """By WhiteNoise, with its caching headers, so a browser keeps them from one page to the next."""
    assets: dict[str, str | None] = {}
    browser_page.on(
        "response", lambda r: "/assets/" in r.url and assets.setdefault(r.url, r.headers.get("cache-control"))
    )
    response = browser_page.goto("/accessibility")
    assert response is not None and response.status == 200
    assert any(url.endswith("/assets/govuk-frontend.min.css") for url in assets), assets
    assert all(value and "max-age=" in value for value in assets.values()), assets


def test_the_workers_chromium_stops_before_a_test_that_is_not_a_browser_test(chromium: Any) -> None:
    """Before that test's fixtures too, module-wide ones included: they run in a plain thread."""
    asyncio.get_running_loop()  # Playwright's, while Chromium runs
    root_conftest.pytest_runtest_setup(_NotABrowserTest())
    assert not chromium.is_connected()
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()


class _NotABrowserTest:
    keywords: dict[str, Any] = {}
