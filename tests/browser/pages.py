"""Helpers for browser tests: a session for a user without the sign-in journey, and a checked visit."""

from typing import Any

from django.conf import settings
from django.test import Client

from tests.browser.axe import assert_no_axe_violations


def signed_in(page: Any, user: Any, server: Any) -> None:
    """Give the browser a session for ``user`` (sign-in journeys are tested elsewhere)."""
    client = Client()
    client.force_login(user, backend="npq.people.backends.EmailBackend")
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": server.url,
            }
        ]
    )


def visit(page: Any, path: str) -> str:
    """Go to ``path``, expect 200, check it with axe and return the main content's text."""
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    assert_no_axe_violations(page)
    return str(page.locator("main").inner_text())


def assert_fits(page: Any, where: str) -> None:
    """WCAG 1.4.10 reflow: the page does not scroll sideways (wide tables scroll in their own region)."""
    # A click that navigates returns once the new page has started loading; before it is parsed the
    # document has no root element to measure.
    page.wait_for_load_state("load")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{where} is {widths[0]}px wide on a {widths[1]}px screen"
