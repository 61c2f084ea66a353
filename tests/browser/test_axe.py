"""The accessibility check itself: axe, run as every browser test runs it, reports what is wrong."""

from typing import Any

from tests.browser.axe import axe_violations

FAULTY = """<!doctype html><html lang="en"><head><title>Faulty</title></head><body><main>
<h1>Faulty page</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<form><input type="text" name="trn"></form>
</main></body></html>"""

SOUND = FAULTY.replace('<img src="', '<img alt="A dot" src="').replace(
    '<input type="text" name="trn">', '<label for="trn">TRN</label><input type="text" id="trn" name="trn">'
)


def test_axe_reports_an_image_without_alt_text_and_a_field_without_a_label(chromium: Any) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_content(FAULTY)
        assert {"image-alt", "label"} <= {v["id"] for v in axe_violations(page)}
        page.set_content(SOUND)
        assert axe_violations(page) == []
    finally:
        context.close()
