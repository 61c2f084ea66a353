"""The GOV.UK header, footer and phase banner are rendered once per process and reused on every page."""

from django.test import Client
from jinja2 import Environment

from npq.web.jinja import environment

PARTS = ("header", "footer", "phase_banner")


def test_each_part_is_rendered_once_and_matches_a_fresh_rendering() -> None:
    kept = environment(auto_reload=False)  # as Django's engine makes it unless DEBUG is on
    reloading: Environment = environment(auto_reload=True)
    for part in PARTS:
        first = kept.globals["chrome"](part)  # type: ignore[operator]
        assert kept.globals["chrome"](part) is first
        fresh = reloading.globals["chrome"](part)  # type: ignore[operator]
        assert fresh == first and reloading.globals["chrome"](part) is not fresh  # type: ignore[operator]
    assert 'class="govuk-header' in kept.globals["chrome"]("header")  # type: ignore[operator]
    assert "Lead Provider API" in kept.globals["chrome"]("footer")  # type: ignore[operator]
    assert "Beta" in kept.globals["chrome"]("phase_banner")  # type: ignore[operator]


def test_every_page_carries_them(db: object) -> None:
    chrome = environment(auto_reload=False).globals["chrome"]
    for path in ("/", "/accessibility", "/no-such-page"):
        page = Client().get(path).content.decode()
        for part in PARTS:
            assert str(chrome(part)) in page, (path, part)  # type: ignore[operator]
