"""Issue 14, item 18, in a real browser at 375 pixels with axe on every page: a provider designs its
own reformed headship task (every problem shown at once first), writes a mark scheme for it and sets
it to a group whose cohort follows the reformed framework; the participant reads the task."""

import datetime as dt
from typing import Any

import pytest

from npq.core import clock
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import assert_fits, signed_in, visit
from tests.factories import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_provider_designs_and_sets_its_own_task_on_a_phone(phone_page: Any, server: Any, reference: None) -> None:
    page = phone_page
    world = build_world(participants=1)
    world.window.delete()

    signed_in(page, world.provider_user, server)
    assert "Placement project: leading staff development" in visit(page, "/frameworks/tasks")
    assert_fits(page, "/frameworks/tasks")
    page.click("a.govuk-button:has-text('Design a task')")
    assert_no_axe_violations(page)
    assert_fits(page, "/frameworks/tasks/new")
    page.click("main ul a:has-text('Headship')")
    assert_no_axe_violations(page)
    page.fill("#title", "Leading a culture change")
    page.select_option("#area-1", label="1. School culture")
    page.click("button:has-text('Design task')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter what the task asks participants to do" in summary and "Enter criterion 1" in summary
    assert_no_axe_violations(page)
    assert_fits(page, "the design form with errors")
    page.fill("#aim", "Plan and lead a change to your team's culture.")
    page.fill("#word_limit", "3000")
    page.fill("#criterion-1", "Sets out the culture wanted and why")
    page.click("button:has-text('Design task')")
    assert "Task designed" in page.locator("h1").inner_text()
    assert "1.1" in page.locator("main table").inner_text()
    assert_no_axe_violations(page)
    assert_fits(page, "the confirmation")

    page.click("main a:has-text('Write a mark scheme for the task')")
    page.click("button:has-text('Save mark scheme')")
    assert "Enter a name for the mark scheme" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    assert_fits(page, "the mark scheme form")

    text = visit(page, f"/assessment/cohorts/{world.dc.pk}/tasks")
    assert "Reformed NPQ frameworks" in text and "Leading a culture change" in text
    assert_fits(page, "the group's tasks")
    page.select_option("#scheme", label="Placement project: leading staff development: Placement project scheme")
    page.fill("#deadline", (clock.now() + dt.timedelta(days=30)).date().isoformat())
    page.click("button:has-text('Set task')")
    assert "Placement project scheme" in page.locator("table").inner_text()

    signed_in(page, world.participants[0], server)
    mine = visit(page, "/assessment")
    assert "Set by" in mine and "Ambition Institute, against Reformed NPQ frameworks" in mine
    assert_fits(page, "/assessment")
