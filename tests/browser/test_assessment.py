"""Submission and marking in a real browser, with axe on every page: a participant meets the
word limit, an assessor marks criterion by criterion beside the text, the moderator moderates and
releases, and the participant reads the result."""

from typing import Any

import pytest

from npq.assessment.models import Release
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import signed_in, visit
from tests.factories import build_world, full_attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_submission_and_marking_journey(
    browser_page: Any, server: Any, make_user: Any, tmp_path: Any, reference: None
) -> None:
    page = browser_page
    world = build_world(participants=1, second_marking=False, sample_percent=100)
    full_attendance(world)
    person = world.participants[0]

    signed_in(page, person, server)
    assert "2,500 words" in visit(page, "/assessment")
    page.click("a.govuk-button:has-text('Submit')")
    long_file = tmp_path / "account.txt"
    long_file.write_text("word " * 2600)
    page.set_input_files("#document", str(long_file))
    page.click("button:has-text('Submit')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "2,600 words, which is 100 over the limit of 2,500" in summary
    assert_no_axe_violations(page)
    good = tmp_path / "account-v2.txt"
    good.write_text("Our termly appraisal cycle was redesigned. " * 100)
    page.set_input_files("#document", str(good))
    page.click("button:has-text('Submit')")
    # Nothing is submitted until the participant has checked the upload and declared it their own work.
    page.wait_for_url("**/check")
    assert "600 of 2,500" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.click("button:has-text('Submit')")
    assert "Confirm that the submission is your own work" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.check("#own_work")
    page.click("button:has-text('Submit')")
    page.wait_for_url("**/assessment")
    assert "600 words" in page.locator("main").inner_text()

    signed_in(page, world.assessor, server)
    queue = visit(page, "/assessment/marking")
    assert person.full_name not in queue
    page.click("table a.govuk-link")
    assert "Our termly appraisal cycle" in page.locator(".npq-submission-text").inner_text()
    assert_no_axe_violations(page)
    for code, band in [("8.1", "met"), ("2.1", "met"), ("3.1", "exceeded")]:
        page.check(f"input[name='band-{code}'][value='{band}']")
        page.fill(f"[id='evidence-{code}']", "“termly appraisal cycle was redesigned”")
    page.click("button:has-text('Complete marking')")
    assert "cannot change them afterwards" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.click("main form button:has-text('Complete marking')")
    page.wait_for_url("**/assessment/marking")

    signed_in(page, world.moderator, server)
    text = visit(page, f"/assessment/windows/{world.window.pk}/moderation")
    assert "Pass (7" in text
    page.click("table a:has-text('attempt 1')")
    assert "Our termly appraisal cycle" in visit(page, page.url)  # the work beside the marks
    visit(page, f"/assessment/windows/{world.window.pk}/moderation")
    page.click("button:has-text('Record moderation')")
    assert "Confirmed" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.click("button:has-text('Release results to participants')")
    assert "will be shown to participants at once" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.click("button:has-text('Release results')")
    assert "Results released to participants" in page.locator("main").inner_text()
    assert "Results were last released" in page.locator("main").inner_text()
    assert Release.objects.get().result.passed is True

    signed_in(page, person, server)
    result = visit(page, "/assessment")
    assert "Passed" in result and "termly appraisal cycle was redesigned" in result
