"""One Chromium per test worker, started by the first browser test and stopped before any other test.

Playwright's sync API marks its event loop as running in the thread that starts it, for as long as it
runs. Every other test runs in a plain thread, as the service's requests do, so the browser is stopped
as soon as a test that is not a browser test comes next (``tests/conftest.py`` calls :func:`stop`
before each one is set up). A worker runs its browser tests mostly one after another, so it starts
Chromium two to four times in a run, not once for each browser module (a start and a stop cost about
1.2 s of CPU).
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

_running: dict[str, Any] = {}


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


def stop() -> None:
    """Close Chromium and stop Playwright, if they are running."""
    browser = _running.pop("browser", None)
    manager = _running.pop("manager", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if manager is not None:
            manager.__exit__(None, None, None)
