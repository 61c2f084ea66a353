"""The inspector's visit in a real browser with axe on every page: the inspections list, the
evidence pack (also at 375px), drawing a sample, logging evidence (with its error summary) and
drafting a grade; then another provider's inspection is refused."""

import datetime as dt
from typing import Any

import pytest

from npq.core import clock
from npq.quality import rules
from npq.quality.services import inspections
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import assert_fits, signed_in, visit
from tests.quality import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_inspectors_visit(browser_page: Any, phone_page: Any, server: Any) -> None:
    w = world.build()
    now = clock.now()
    found = inspections.create_inspection(
        w.users["inspector"], w.provider, rules.Kind.FULL, now - dt.timedelta(hours=1), now.date(), now.date()
    )
    theirs = inspections.create_inspection(
        w.users["other_inspector"], w.other, rules.Kind.FULL, now, now.date(), now.date()
    )
    page = browser_page
    signed_in(page, w.users["inspector"], server)
    text = visit(page, "/quality/inspections")
    assert "Full inspection of Alpha Provider" in text and "Beta Provider" not in text
    page.click("a:has-text('Full inspection of Alpha Provider')")
    page.click("a:has-text('Evidence pack')")
    assert_no_axe_violations(page)
    pack = page.locator("main").inner_text()
    assert "North hub" in pack and "Hidden: small numbers" in pack and "Beta" not in pack

    visit(page, f"/quality/inspections/{found.pk}/sample")
    page.fill("#per_stratum", "2")
    page.fill("#seed", "5")
    page.click("button:has-text('Draw the sample')")
    assert "Sample (seed 5, 2 from each group)" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    visit(page, f"/quality/inspections/{found.pk}/evidence")
    page.click("button:has-text('Save the evidence')")
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    page.check("input[name=area][value=quality]")
    page.select_option("#source", "recorded_session")
    page.fill("#text", "Watched a recorded seminar: precise modelling and deliberate practice.")
    page.click("button:has-text('Save the evidence')")
    assert "precise modelling" in page.locator("main").inner_text()

    visit(page, f"/quality/inspections/{found.pk}/grades")
    page.check("input[name=area][value=quality]")
    page.check("input[name=grade][value=good]")
    page.click("button:has-text('Save the draft grade')")
    main = page.locator("main").inner_text()
    assert "Quality of professional development and training" in main and "Good" in main
    assert_no_axe_violations(page)

    assert page.goto(f"/quality/inspections/{theirs.pk}/pack").status == 403

    signed_in(phone_page, w.users["inspector"], server)
    visit(phone_page, f"/quality/inspections/{found.pk}/pack")
    assert_fits(phone_page, "the evidence pack")
