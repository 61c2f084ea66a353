"""One Chromium per test worker, started by the first browser test and stopped before any other test.

Playwright's sync API marks its event loop as running in the thread that starts it, for as long as it
runs. Every other test runs in a plain thread, as the service's requests do, so the browser is stopped
as soon as a test that is not a browser test comes next (``tests/conftest.py`` calls :func:`stop`
before each one is set up). A worker runs its browser tests mostly one after another, so it starts
Chromium two to four times in a run, not once for each browser module (a start and a stop cost about
1.2 s of CPU).

A worker also keeps one browser context for each screen while its Chromium runs: each test gets a new
page in it (:func:`new_page`), with the context's cookies and HTTP cache cleared, instead of a new
context. A context costs about 0.7 s of CPU to make and close (a renderer process of its own); a page in
an existing one does not. The service keeps nothing else in the browser (no local storage), so the
cleared context holds nothing from the test before.
"""

import os
from typing import Any

CHROMIUM = os.environ.get("NPQ_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# The screens browser tests are run at: a desktop, and a phone as a teacher registering on one holds it.
SCREENS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1024, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}
# A desktop page waits at most this long (ms) for an element or a navigation; a phone page, Playwright's own 30 s.
DESKTOP_TIMEOUT = 15_000

_running: dict[str, Any] = {}
_contexts: dict[tuple[str, str], tuple[Any, Any]] = {}  # (screen, server): (context, its blank page)


def browser() -> Any:
    """The worker's Chromium, started if it is not running."""
    if "browser" not in _running:
        from playwright.sync_api import sync_playwright

        manager = sync_playwright()
        playwright = manager.__enter__()
        try:
            _running["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except BaseException:
            manager.__exit__(None, None, None)
            raise
        _running["manager"] = manager
    return _running["browser"]


def new_page(screen: str, base_url: str) -> Any:
    """A new page in the worker's context for ``screen`` (a key of :data:`SCREENS`) on the server at
    ``base_url``, the context made the first time it is asked for while this Chromium runs; its other
    pages closed, and its cookies and HTTP cache cleared, as a new context's would be."""
    key = (screen, base_url)
    if key not in _contexts:
        made = browser().new_context(base_url=base_url, **SCREENS[screen])
        if screen == "desktop":
            made.set_default_timeout(DESKTOP_TIMEOUT)
        # A blank page kept open for the context's life: while it is open, the renderer processes a
        # test's page starts are kept for the next test's (measured: a test's page then costs 0.6 s of
        # CPU less than in a context left with no page, and 1 s less than in a new context).
        _contexts[key] = (made, made.new_page())
    kept, blank = _contexts[key]
    for left in kept.pages:
        if left is not blank:
            left.close()
    kept.clear_cookies()
    page = kept.new_page()
    devtools = kept.new_cdp_session(page)
    devtools.send("Network.clearBrowserCache")
    devtools.detach()
    return page


def stop() -> None:
    """Close Chromium (its contexts with it) and stop Playwright, if they are running."""
    _contexts.clear()
    browser = _running.pop("browser", None)
    manager = _running.pop("manager", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if manager is not None:
            manager.__exit__(None, None, None)
