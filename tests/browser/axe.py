"""Accessibility checks with axe-core (npm package, injected into the page under test)."""

import functools
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 A and AA, as GOV.UK services are tested against.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    # Evaluated through the DevTools protocol, not added as a <script>: the pages' Content-Security-
    # Policy (no inline script) stays on in browser tests, and axe is not a script the page runs.
    page.wait_for_load_state("load")  # after a click that navigates, check the new page, whole
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {_source()} }}")
    # resultTypes: axe works out node details for violations only (passes are counted, not described).
    # preload: media only. By default axe also fetches every stylesheet again and parses it for the
    # one rule that reads the CSS (css-orientation-lock), which is experimental and not among the tags
    # run here: the same rules give the same results, without 15 to 40 ms of parsing in each run.
    options = "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: {assets: ['media']}}"
    result = page.evaluate(f"(tags) => axe.run(document, {options})", TAGS)
    return list(result["violations"])


@functools.cache
def _source() -> str:
    return AXE.read_text()


def assert_no_axe_violations(page: Any) -> None:
    violations = axe_violations(page)
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    ]
    assert not violations, f"axe found {len(violations)} problem(s) on {page.url}:\n" + "\n".join(described)
